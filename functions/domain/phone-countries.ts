/**
 * The countries a national phone number can be read in, and the default one. The list is
 * libphonenumber-js's getCountries() written out, so that every function can check
 * DEFAULT_PHONE_COUNTRY (and the stage config its value) without bundling libphonenumber-js and its
 * 80 KB of metadata: only the functions that read phone numbers (phone-numbers.ts) carry it.
 * test/domain/contracts/phone-countries.test.ts fails when an upgrade of libphonenumber-js changes the list.
 */
import * as z from './zod';

/** The country a national number is read in when the customer has no address country. */
export const DEFAULT_PHONE_COUNTRY = 'US';

/** ISO 3166-1 alpha-2 codes (and AC, TA, XK) libphonenumber-js has numbering metadata for, sorted. */
export const PHONE_COUNTRIES: readonly string[] = [
  'AC AD AE AF AG AI AL AM AO AR AS AT AU AW AX AZ BA BB BD BE BF BG BH BI BJ BL BM BN BO BQ',
  'BR BS BT BW BY BZ CA CC CD CF CG CH CI CK CL CM CN CO CR CU CV CW CX CY CZ DE DJ DK DM DO',
  'DZ EC EE EG EH ER ES ET FI FJ FK FM FO FR GA GB GD GE GF GG GH GI GL GM GN GP GQ GR GT GU',
  'GW GY HK HN HR HT HU ID IE IL IM IN IO IQ IR IS IT JE JM JO JP KE KG KH KI KM KN KP KR KW',
  'KY KZ LA LB LC LI LK LR LS LT LU LV LY MA MC MD ME MF MG MH MK ML MM MN MO MP MQ MR MS MT',
  'MU MV MW MX MY MZ NA NC NE NF NG NI NL NO NP NR NU NZ OM PA PE PF PG PH PK PL PM PR PS PT',
  'PW PY QA RE RO RS RU RW SA SB SC SD SE SG SH SI SJ SK SL SM SN SO SR SS ST SV SX SY SZ TA',
  'TC TD TG TH TJ TK TL TM TN TO TR TT TV TW TZ UA UG US UY UZ VA VC VE VG VI VN VU WF WS XK',
  'YE YT ZA ZM ZW',
]
  .join(' ')
  .split(' ');

const phoneCountries = new Set(PHONE_COUNTRIES);

/** An ISO 3166-1 alpha-2 country libphonenumber-js can read national numbers in. */
export const phoneCountrySchema = z
  .string()
  .check(z.refine((c) => phoneCountries.has(c), 'an ISO 3166-1 alpha-2 country code such as US or GB'));
