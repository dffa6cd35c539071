/**
 * How people answer a collections text, as phrasing templates per intent and language, written from
 * what customers write (short, misspelt, mixed, Spanglish) and not from the classifier's phrase lists.
 * `[a|b|c]` picks one alternative (an empty one drops it); `{slot}` is one of the shared SLOTS below.
 * Each template is one phrasing: the corpus is split by template, so the test split's phrasings are never
 * seen while the classifier is tuned. A reply carrying two intents is labelled with the safest handling.
 */
import type { ReplyIntent, ReplyLanguage } from '../../functions/domain/conversations/reply-phrases';

export interface PhrasingTemplate {
  intent: ReplyIntent;
  language: ReplyLanguage;
  text: string;
  /** The reply answers a pending 1-5 survey question. */
  surveyPending?: boolean;
}

export const SLOTS: Readonly<Record<string, readonly string[]>> = {
  pls: ['', 'please', 'pls', 'plz', 'thanks'],
  porfa: ['', 'por favor', 'porfa', 'xfa', 'gracias'],
  texts: ['texts', 'txts', 'messages', 'msgs', 'text messages'],
  mensajes: ['mensajes', 'msjs', 'textos', 'texts', 'mensajitos'],
  day: ['friday', 'fri', 'monday', 'next friday', 'the 15th', 'tomorrow', 'next week', '3/20', 'end of the month'],
  dia: ['el viernes', 'el lunes', 'mañana', 'el 15', 'fin de mes', 'la otra semana', 'el 20 de marzo', 'pasado mañana'],
  amount: ['$50', '50', '$100', '75 dollars', 'fifty bucks', '$25', 'a hundred dollars', '$40'],
  monto: ['50', '$50', '100 dólares', 'cien dólares', '$30', 'cincuenta', '40 dls', 'veinte dólares'],
  hi: ['', 'hi', 'hello', 'hey', 'ok'],
  hola: ['', 'hola', 'buenas', 'oiga', 'ok'],
};

const t = (intent: ReplyIntent, language: ReplyLanguage, ...texts: string[]): PhrasingTemplate[] =>
  texts.map((text) => ({ intent, language, text }));

export const TEMPLATES: readonly PhrasingTemplate[] = [
  // Revocation, any reasonable means.
  ...t(
    'stop',
    'en',
    '[STOP|stop|Stop]',
    'stop [texting|messaging|txting] me {pls}',
    '[quit|stop] sending me these {texts}',
    'i do not want [any more|more] {texts} from you',
    'take me off your [list|texting list|contact list]',
    'unsubscribe',
    'no more {texts} {pls}',
    '[leave me alone|just leave me alone] and stop [texting|contacting] me',
    'do not [text|message|contact] this number again',
    'please remove my number',
    'opt out',
    'i revoke [consent|my consent] to [be texted|texts|be contacted]',
    '[quit it|enough] with the {texts}',
    'i [asked|told] you to stop {texts}',
    'stop [all|any] contact',
    'cancel [these|the] {texts}',
  ),
  ...t(
    'stop',
    'es',
    '[BAJA|baja|Baja]',
    'ya no me [manden|envíen|escriban] {mensajes} {porfa}',
    'dejen de [mandarme|enviarme] {mensajes}',
    'no quiero [recibir|que me manden] más {mensajes}',
    '[ya basta|basta ya] de {mensajes}',
    'dejen de molestar',
    'no más {mensajes} {porfa}',
    'stop mandándome {mensajes}',
    'no más texts [por favor|porfa]',
    'sáquenme de su lista',
    'no me [contacten|escriban] más',
    'quiero que borren mi número',
    '[PARE|pare|paren] {porfa}',
    'cancelen los {mensajes}',
  ),

  // Wrong number / not me.
  ...t(
    'wrong-number',
    'en',
    '[wrong number|wrong #|wrong num]',
    'you have the wrong [number|person]',
    'i am not [him|her|this person|who you think]',
    '[who is|whos] [ana|maria|john|that]? [not me|never heard of them]',
    'this is not [my|mine] account, wrong person',
    'i do not know anyone by that name',
    'nobody by that name [lives here|has this number]',
    'i just got this number, not [them|him|her]',
    'this number does not belong to [that person|them] anymore',
  ),
  ...t(
    'wrong-number',
    'es',
    '[número equivocado|numero equivocado|se equivocó de número]',
    'no soy [esa persona|él|ella|quien buscan]',
    'no conozco a [nadie con ese nombre|esa persona]',
    'este no es el número de [esa persona|ella|él]',
    'se equivocaron de persona',
    'este número es mío desde hace [poco|un mes], no es [de él|de ella]',
    'aquí no vive nadie con ese nombre',
    'wrong number, no soy yo',
  ),

  // Attorney.
  ...t(
    'attorney',
    'en',
    'i have [a lawyer|an attorney|legal representation] for this',
    '[talk to|contact|call] my [lawyer|attorney] [from now on|only]',
    'my attorney [is handling|handles] this debt',
    'i am represented by [counsel|an attorney], do not contact me',
    'please direct all communication to my lawyer',
    'my lawyer will [call|contact] you',
    'i hired [a|an] [lawyer|attorney|debt attorney]',
  ),
  ...t(
    'attorney',
    'es',
    'tengo [abogado|un abogado] para esto',
    'hablen con mi [abogado|abogada]',
    'mi abogado [se encarga|lleva] este asunto',
    'comuníquense [solo|solamente] con mi abogado',
    'ya contraté un abogado',
    'mi [licenciado|abogado] les va a llamar',
  ),

  // Bankruptcy.
  ...t(
    'bankruptcy',
    'en',
    'i filed [for bankruptcy|bankruptcy|chapter 7|chapter 13]',
    'i am in [bankruptcy|chapter 13]',
    'this debt is [in|included in] my bankruptcy',
    '[my|our] bankruptcy case [number|is open], the stay applies',
    'we declared bankruptcy last [month|year]',
    '[bk|bankruptcy] filed, talk to the trustee',
  ),
  ...t(
    'bankruptcy',
    'es',
    'me declaré en [bancarrota|quiebra]',
    'estoy en [bancarrota|quiebra]',
    'ya [presenté|hice] la bancarrota',
    'esta deuda está en [mi bancarrota|la quiebra]',
    'estamos en bancarrota, capítulo [7|13]',
  ),

  // Deceased.
  ...t(
    'deceased',
    'en',
    '[he|she] passed away',
    'my [father|mother|husband|wife|son|dad|mom] [passed away|died] [last month|recently|in january]',
    'this person is deceased',
    '[he|she] is dead, stop [texting|writing]',
    'the account holder [died|passed]',
    'sorry, [ana|john|maria] passed away [last week|last year]',
    'she is no longer with us',
  ),
  ...t(
    'deceased',
    'es',
    '[él|ella] falleció',
    'mi [papá|mamá|esposo|esposa|hijo] [falleció|murió] [el mes pasado|hace poco|en enero]',
    'esa persona [ya murió|ya falleció]',
    '[él|ella] ya no está con nosotros, falleció',
    'el titular de la cuenta [falleció|murió]',
    'lo siento, [ana|juan|maría] murió [la semana pasada|el año pasado]',
  ),

  // Time or place restriction (12 CFR 1006.6(b)).
  ...t(
    'restrict-time-or-place',
    'en',
    '[do not|dont|pls do not] [call|text] me at work',
    'only [after|past] [6pm|6|5pm|7] [please|pls|]',
    'not during work hours [please|]',
    'i am at work [till|until] [5|6], [text|call] me after',
    'never [before|earlier than] [9am|10am|noon]',
    '[no|do not] [texts|calls] at my [job|work|workplace]',
    'mornings are bad, [afternoons|evenings] only',
    'i can not talk at work',
  ),
  ...t(
    'restrict-time-or-place',
    'es',
    'no me [llamen|escriban] al trabajo',
    'solo después de las [6|5|7] [porfa|por favor|]',
    'no en horas de trabajo',
    'estoy trabajando hasta las [5|6], escríbanme después',
    'en el trabajo no puedo, [porfa|]',
    'nunca antes de las [9|10]',
    'por las mañanas no, [solo en la tarde|mejor en la noche]',
  ),

  // Medium restriction.
  ...t(
    'restrict-medium',
    'en',
    '[text only|texts only|only text me], do not call',
    'do not call me, [texting|text] is fine',
    'stop calling me[| please], just text',
    'no [phone calls|calls] [please|pls|]',
    'email me instead of [calling|texting]',
    '[please|] only contact me by email',
    'quit calling [my phone|me]',
  ),
  ...t(
    'restrict-medium',
    'es',
    'solo [mensajes|texto|por mensaje], no me llamen',
    'no me llamen, [escríbanme|mándenme mensaje]',
    'dejen de llamarme, mejor [mensaje|texto]',
    'no [llamadas|quiero llamadas] [porfa|por favor|]',
    '[mejor|solo] por correo [porfa|]',
    'prefiero email, no [llamadas|mensajes]',
  ),

  // Third party answering.
  ...t(
    'third-party',
    'en',
    'this is [his|her] [wife|husband|mother|daughter|roommate], [he|she] is not here',
    '[he|she] [is not|isnt] available, i will tell [him|her]',
    'this is [her|his] phone but [she|he] is [at work|away|in the hospital]',
    'i am [her|his] [sister|son|brother], can i take a message',
    '[she|he] does not have [a phone|this phone] right now',
  ),
  ...t(
    'third-party',
    'es',
    'soy [su esposa|su esposo|su mamá|su hija], [él|ella] no está',
    '[él|ella] no está disponible, yo le digo',
    'este es el teléfono de [mi hijo|mi esposa|mi mamá] pero no está',
    'soy [su hermana|su hijo], le paso el mensaje',
  ),

  // Dispute.
  ...t(
    'dispute',
    'en',
    'i do not owe [this|that|you anything]',
    'this [is not|isnt] my [debt|bill]',
    '[that amount|the amount|this balance] is wrong',
    'i never had [an account|service] with [you|them]',
    'i dispute [this|the charge|this debt]',
    'prove i owe [this|it]',
    'the bill is [incorrect|too high], i only owe [part|half] of it',
    'i was [overcharged|charged twice]',
  ),
  ...t(
    'dispute',
    'es',
    'yo no debo [eso|nada]',
    'esa deuda no es mía',
    'el [monto|saldo|cobro] está mal',
    'nunca tuve cuenta con [ustedes|ellos]',
    'no reconozco [esta deuda|ese cobro]',
    'me cobraron [de más|doble]',
    'demuestren que debo [eso|esa cantidad]',
  ),

  // Complaint.
  ...t(
    'complaint',
    'en',
    'i am [reporting|going to report] you to the [cfpb|bbb|attorney general]',
    'this is harassment',
    'stop harassing me',
    'you people are [rude|abusive|awful]',
    'i [want|wish] to file a complaint',
    'your agent was [rude|disrespectful] to me',
    'i will [complain|report you] to the [ftc|bbb]',
  ),
  ...t(
    'complaint',
    'es',
    'los voy a [reportar|denunciar]',
    'esto es acoso',
    'quiero poner una queja',
    'su [agente|empleado] fue muy grosero',
    'me están acosando',
    'voy a [poner una queja|quejarme] con la [profeco|cfpb]',
  ),

  // Hardship.
  ...t(
    'hardship',
    'en',
    'i lost my job [last month|recently|]',
    'i [can not|cant] afford [it|this] right now',
    'i am [in the hospital|sick|disabled] and [can not|cant] work',
    'money is [really tight|tight] right now',
    'i am [broke|struggling] [this month|]',
    'my hours got cut',
    'going through a [divorce|hard time]',
  ),
  ...t(
    'hardship',
    'es',
    'perdí mi trabajo',
    'no me alcanza [el dinero|para pagar] [ahorita|ahora|]',
    'estoy [enferma|enfermo|en el hospital]',
    'no tengo [trabajo|dinero] [ahorita|ahora mismo|]',
    'estoy pasando por [un momento difícil|una mala racha]',
    'me [recortaron|bajaron] las horas',
  ),

  // Already paid.
  ...t(
    'already-paid',
    'en',
    'i [already paid|paid] [this|it|that] [yesterday|last week|already|]',
    'paid [it|this] [off|] [yesterday|on monday|already]',
    'i sent the payment [already|yesterday]',
    'it [was|has been] paid',
    'check your records, i paid',
    'payment [went through|was made] [yesterday|today]',
  ),
  ...t(
    'already-paid',
    'es',
    'ya [pagué|pague|lo pagué]',
    'ya está pagado',
    'ya hice el pago [ayer|el lunes|]',
    'pagué [ayer|la semana pasada]',
    'ya les mandé el pago',
    'revisen, ya [pagué|está pagado]',
  ),

  // A person.
  ...t(
    'wants-person',
    'en',
    'can [someone|a person|somebody] call me',
    'i want to [talk|speak] to [a person|someone|a real person|a human]',
    '[call me|give me a call] [please|pls|]',
    'is there a number i can call',
    'i need to talk to [an agent|a representative|somebody]',
  ),
  ...t(
    'wants-person',
    'es',
    'quiero hablar con [alguien|una persona|un agente]',
    '[llámenme|me pueden llamar] [por favor|porfa|]',
    '¿a qué número puedo llamar?',
    'necesito hablar con [alguien|un representante]',
  ),

  // Help / who is this.
  ...t(
    'help',
    'en',
    '[HELP|help|Help]',
    '[who is this|who is this?|whos this]',
    'what is this [about|for]',
    'what [company|business] is this',
    'i do not understand this message',
    '[more info|info] [please|]',
  ),
  ...t(
    'help',
    'es',
    '[AYUDA|ayuda|Ayuda]',
    '¿quién es?',
    '¿de qué se trata esto?',
    'no entiendo [el mensaje|este mensaje]',
    '¿de qué empresa [es|son]?',
    '[más información|info] {porfa}',
  ),

  // Pay.
  ...t(
    'pay',
    'en',
    '[PAY|pay|Pay]',
    'send me the [link|payment link]',
    'how [do|can] i pay',
    'i want to pay [now|today|]',
    'where do i pay',
    'what is the [link|website] to pay',
  ),
  ...t(
    'pay',
    'es',
    '[PAGAR|pagar|Pagar]',
    'mándenme el link [para pagar|de pago|]',
    '¿cómo [pago|puedo pagar]?',
    'quiero pagar [ya|hoy|]',
    '¿dónde pago?',
    'pásenme el enlace para pagar',
  ),

  // Plan.
  ...t(
    'plan',
    'en',
    '[PLAN|plan|Plan]',
    'can i make payments',
    'can i pay [in installments|a little each month|in parts]',
    'do you have [payment plans|a payment plan]',
    'i [need|want] a payment plan',
    'can we set up [a plan|monthly payments]',
  ),
  ...t(
    'plan',
    'es',
    '[PLAN|plan]',
    'plan de pagos [porfa|por favor|]',
    '¿puedo pagar en [partes|abonos|mensualidades]?',
    '¿tienen [planes de pago|plan de pagos]?',
    'quiero [hacer|un] plan de pagos',
    'puedo pagar poco a poco',
  ),

  // Promise.
  ...t(
    'promise',
    'en',
    'i will pay {amount} {day}',
    'i can pay {day}',
    '[gonna|going to] pay [it|this] {day}',
    'will send {amount} {day}',
    'i get paid {day}, i will pay then',
    '{day} i will make a payment',
    'you will have it {day}',
  ),
  ...t(
    'promise',
    'es',
    'pago {dia}',
    'le pago {monto} {dia}',
    'voy a pagar {dia}',
    '{dia} le deposito {monto}',
    'el 1 de abril pago',
    'pago hoy en la tarde',
    'le mando {monto} {dia}',
  ),

  // Other.
  ...t('other', 'en', '[ok|okay|k]', '[thanks|thank you|ty]', 'what', 'lol', 'got it', '[who cares|whatever]', 'i will think about it'),
  ...t('other', 'es', '[ok|va|sale]', 'gracias', 'qué', 'ya vi', 'lo voy a pensar', 'está bien'),

  // Mixed: the safest handling wins.
  ...t('stop', 'en', 'i already paid, stop texting me', 'stop texting me, i will pay {day}', 'wtf quit texting', 'omg STOP'),
  ...t('stop', 'es', 'ya pagué, dejen de mandar {mensajes}', 'no más {mensajes}, yo pago {dia}'),
  ...t('deceased', 'en', 'my [mother|father] passed away, i can not pay this'),
  ...t('deceased', 'es', 'mi [mamá|papá] falleció, no puedo pagar'),
  ...t('dispute', 'en', 'i only owe part of this, i will pay the part i owe'),
  ...t('dispute', 'es', 'no debo todo eso, pago solo lo que debo'),
];

/** Survey answers are only asked after a resolution, so they carry surveyPending. */
export const SURVEY_TEMPLATES: readonly PhrasingTemplate[] = [
  ...t('survey-score', 'en', '[5|4|3|2|1]', '[5|4] stars[|, maria was great]', 'i give it a [5|4|3]', '[five|four|three] out of five'),
  ...t('survey-score', 'es', '[5|4|3|2|1]', '[5|4] estrellas', 'le doy un [5|4|3]', '[cinco|cuatro] de cinco'),
].map((template) => ({ ...template, surveyPending: true }));
