/**
 * The words the reply classifier knows, as data: each keyword and phrase with its intent and language,
 * so an explanation can name exactly what matched. Phrases are written in the classifier's normal form
 * (lower case, no accents, contractions spelled out: "can't" -> "can not", "I'll" -> "i will") and are
 * matched as whole words. Every phrase is at most 20 characters: the audit trail names the phrase,
 * never a customer's whole message.
 */
export const REPLY_INTENTS = ['stop', 'help', 'pay', 'plan', 'survey-score', 'already-paid', 'dispute', 'hardship', 'wants-person', 'complaint', 'promise', 'other'] as const;
export type ReplyIntent = (typeof REPLY_INTENTS)[number];

export type ReplyLanguage = 'en' | 'es';

/** A one-word (or fixed two-word) reply: STOP, HELP, PAY, PLAN and their Spanish forms. */
export interface ReplyKeyword {
  keyword: string;
  intent: Extract<ReplyIntent, 'stop' | 'help' | 'pay' | 'plan'>;
  /** undefined when the word is the same in both languages (PLAN, INFO). */
  language?: ReplyLanguage;
}

export type PhraseIntent = Extract<ReplyIntent, 'stop' | 'complaint' | 'dispute' | 'hardship' | 'already-paid' | 'wants-person' | 'promise'>;

export interface ReplyPhrase {
  phrase: string;
  intent: PhraseIntent;
  language: ReplyLanguage;
}

const keywords = (intent: ReplyKeyword['intent'], language: ReplyLanguage | undefined, ...words: string[]): ReplyKeyword[] =>
  words.map((keyword) => ({ keyword, intent, language }));

/**
 * STOP keywords count when they are a whole sentence of the reply ("Stop.", "STOP!!", "ok. stop");
 * HELP, PAY and PLAN only when they are the whole reply. FCC 24-24: STOP, QUIT, END, REVOKE, OPT OUT,
 * CANCEL and UNSUBSCRIBE always revoke consent.
 */
export const REPLY_KEYWORDS: readonly ReplyKeyword[] = [
  ...keywords('stop', 'en', 'stop', 'quit', 'end', 'revoke', 'opt out', 'optout', 'cancel', 'unsubscribe', 'unsub', 'stopall', 'stop all', 'remove'),
  ...keywords('stop', 'es', 'alto', 'parar', 'pare', 'paren', 'para', 'baja', 'cancelar', 'detener', 'no mas', 'basta'),
  ...keywords('help', 'en', 'help'),
  ...keywords('help', 'es', 'ayuda', 'informacion'),
  ...keywords('help', undefined, 'info'),
  ...keywords('pay', 'en', 'pay'),
  ...keywords('pay', 'es', 'pagar', 'pago'),
  ...keywords('plan', 'en', 'plans'),
  ...keywords('plan', 'es', 'planes'),
  ...keywords('plan', undefined, 'plan'),
];

/** Courtesy words ignored around a keyword: "stop please", "PLAN por favor", "pay now". */
export const KEYWORD_FILLERS: readonly string[] = [
  'please', 'now', 'it', 'thanks', 'thank you', 'ok', 'just', 'hi', 'hello', 'omg',
  'por favor', 'gracias', 'ahora', 'ahorita', 'hola',
];

/** Also ignored around a STOP keyword (but not around PAY: "ya pago" may be "ya pagó", it is paid). */
export const STOP_FILLERS: readonly string[] = ['ya', 'me', 'all', 'already', 'immediately', 'right now', 'asap'];

const en = (intent: PhraseIntent, ...phrases: string[]): ReplyPhrase[] => phrases.map((phrase) => ({ phrase, intent, language: 'en' }));
const es = (intent: PhraseIntent, ...phrases: string[]): ReplyPhrase[] => phrases.map((phrase) => ({ phrase, intent, language: 'es' }));

export const REPLY_PHRASES: readonly ReplyPhrase[] = [
  // Revocation in plain words (FCC 24-24 "any reasonable means"). Checked before everything else.
  ...en('stop',
    'stop texting', 'stop txting', 'stop messaging', 'stop sending', 'stop contacting', 'stop calling',
    'stop bothering', 'stop harassing', 'stop the texts', 'stop the calls', 'stop the messages', 'quit texting',
    'quit calling', 'do not text', 'do not message', 'do not contact', 'do not call', 'no more texts',
    'no more text', 'no more messages', 'no more calls', 'remove me', 'remove my number', 'take me off',
    'unsubscribe', 'opt me out', 'opt out', 'revoke', 'leave me alone', 'lose my number', 'delete my number',
    'wrong number', 'never text me', 'never contact me'),
  ...es('stop',
    'deja de escribirme', 'dejen de escribirme', 'deja de mandarme', 'dejen de mandarme', 'dejen de enviarme',
    'deja de enviarme', 'deja de llamarme', 'dejen de llamarme', 'dejen de llamar', 'dejen de molestarme',
    'deja de molestarme', 'dejenme en paz', 'dejame en paz', 'no me manden', 'no me mandes', 'no me envien',
    'no me escriban', 'no me escribas', 'no me llamen', 'no me llames', 'no me contacten', 'no quiero recibir',
    'no mas mensajes', 'no mas llamadas', 'borren mi numero', 'quitenme de', 'sacame de', 'saquenme de',
    'de baja', 'cancelar los', 'cancelar mensajes', 'numero equivocado', 'desuscribir', 'desuscribirme'),

  // Free text, safest first: complaint > dispute > hardship > already-paid > wants-person > promise.
  ...en('complaint',
    'harass', 'harassing', 'harassment', 'harassed', 'harrassment', 'harrasing', 'this is harassment',
    'report you', 'reporting you', 'cfpb', 'bbb', 'business bureau', 'attorney general', 'consumer protection',
    'ftc', 'complaint', 'complain', 'sue you', 'suing you', 'lawyer', 'attorney', 'fuck', 'fucking', 'f off',
    'wtf', 'shit', 'bullshit', 'bitch', 'asshole', 'idiot', 'idiots', 'stupid', 'ridiculous', 'disgusting',
    'unacceptable', 'scumbag', 'scum', 'vultures', 'go to hell', 'screw you', 'threaten', 'threatening',
    'rude'),
  ...es('complaint',
    'acoso', 'acosando', 'acosar', 'acosan', 'hostigamiento', 'hostigando', 'queja', 'quejarme', 'quejar',
    'denunciar', 'denuncia', 'demandar', 'abogado', 'abogada', 'profeco', 'condusef', 'mierda', 'pendejo',
    'pendejos', 'chinga', 'chingada', 'pinche', 'carajo', 'joder', 'cabrones', 'ladrones', 'rateros',
    'groseros', 'ridiculo', 'inaceptable', 'amenaza', 'amenazas', 'amenazando'),
  ...en('dispute',
    'not my debt', 'not my account', 'not my bill', 'not mine', 'never had an account', 'never opened',
    'never signed', 'do not owe', 'owe nothing', 'owe you nothing', 'wrong amount', 'wrong balance',
    'amount is wrong', 'balance is wrong', 'incorrect', 'not correct', 'inaccurate', 'fraud', 'fraudulent',
    'identity theft', 'identity was stolen', 'stolen identity', 'stole my identity', 'dispute', 'disputing',
    'disputed', 'charged twice', 'double charged', 'prove it', 'validation', 'verify this', 'not me', 'scam',
    'scammer', 'scammers', 'do not recognize', 'never heard of'),
  ...es('dispute',
    'no es mi deuda', 'no es mia', 'no es mio', 'no es mi cuenta', 'no reconozco', 'nunca tuve', 'nunca abri',
    'nunca firme', 'no debo', 'no les debo', 'no le debo', 'cantidad incorrecta', 'monto incorrecto',
    'cantidad equivocada', 'monto equivocado', 'incorrecto', 'incorrecta', 'esta mal', 'fraude',
    'robo de identidad', 'robaron mi identidad', 'robaron la identidad', 'disputa', 'disputar', 'estafa',
    'estafadores', 'no soy yo', 'cobro doble', 'cobraron dos veces'),
  ...en('hardship',
    'lost my job', 'lost job', 'lost our jobs', 'laid off', 'unemployed', 'jobless', 'out of work', 'no job',
    'no work', 'fired', 'sick', 'ill', 'illness', 'hospital', 'hospitalized', 'cancer', 'chemo', 'surgery',
    'disability', 'disabled', 'injury', 'injured', 'accident', 'medical', 'divorce', 'divorced', 'separated',
    'passed away', 'died', 'death', 'funeral', 'bereavement', 'widow', 'widowed', 'can not afford',
    'unable to afford', 'can not pay', 'unable to pay', 'not able to pay', 'can not make', 'no money',
    'have no money', 'not have money', 'not have the money', 'money is tight', 'broke', 'struggling',
    'struggle', 'hard time', 'hard times', 'tough time', 'difficult time', 'rough time', 'hardship',
    'behind on', 'evicted', 'eviction', 'homeless', 'pregnant', 'mental health', 'depression', 'deployed',
    'fixed income'),
  ...es('hardship',
    'perdi mi trabajo', 'perdi el trabajo', 'perdi mi empleo', 'sin trabajo', 'sin empleo', 'desempleado',
    'desempleada', 'me despidieron', 'me corrieron', 'enfermo', 'enferma', 'enfermedad', 'hospital',
    'hospitalizado', 'hospitalizada', 'cancer', 'quimio', 'cirugia', 'me operaron', 'accidente',
    'incapacidad', 'discapacidad', 'divorcio', 'me divorcie', 'fallecio', 'murio', 'muerte', 'funeral',
    'luto', 'no puedo pagar', 'no puedo pagarlo', 'no tengo dinero', 'no tengo trabajo', 'no tengo para',
    'no me alcanza', 'no alcanzo', 'dificil', 'apenas', 'crisis', 'embarazada', 'desalojo'),
  ...en('already-paid',
    'i paid', 'we paid', 'paid it', 'paid this', 'paid that', 'paid already', 'already paid', 'just paid',
    'paid off', 'paid in full', 'paid yesterday', 'paid last', 'paid online', 'paid you', 'it is paid',
    'was paid', 'been paid', 'made a payment', 'made the payment', 'made my payment', 'made payment',
    'sent the payment', 'sent payment', 'sent you', 'payment went through', 'payment was made',
    'already sent', 'already made', 'have paid', 'took care of it', 'taken care of', 'confirmation number',
    'receipt'),
  ...es('already-paid',
    'ya pague', 'ya lo pague', 'ya la pague', 'ya se pago', 'ya esta pagado', 'ya esta pagada', 'ya pagamos',
    'ya fue pagado', 'ya liquide', 'ya lo liquide', 'ya abone', 'ya deposite', 'hice el pago',
    'realice el pago', 'ya mande el pago', 'ya pago', 'pague ayer', 'ya cubri', 'recibo de pago'),
  ...en('wants-person',
    'call me', 'give me a call', 'call back', 'callback', 'call you', 'speak to', 'speak with', 'talk to',
    'talk with', 'real person', 'a human', 'live person', 'an agent', 'live agent', 'representative',
    'a rep', 'customer service', 'supervisor', 'manager', 'your number', 'phone number', 'number to call',
    'can someone', 'someone call', 'contact me'),
  ...es('wants-person',
    'llamenme', 'llameme', 'llamame', 'me pueden llamar', 'me puede llamar', 'me llaman', 'marquenme',
    'marcame', 'hablar con', 'quiero hablar', 'necesito hablar', 'una persona', 'persona real', 'un humano',
    'un agente', 'asesor', 'representante', 'servicio al cliente', 'atencion al cliente', 'su numero',
    'numero de telefono', 'a que numero', 'comunicarme', 'supervisor', 'gerente'),
  ...en('promise',
    'will pay', 'can pay', 'going to pay', 'will send', 'can send', 'will make', 'can make a payment',
    'will have the money', 'will have it', 'i pay on', 'i pay by', 'be paying', 'am paying', 'paying on',
    'paying it on', 'able to pay', 'i get paid', 'promise to pay', 'i promise', 'will take care',
    'will do it'),
  ...es('promise',
    'pagare', 'voy a pagar', 'vamos a pagar', 'puedo pagar', 'podria pagar', 'le pago', 'te pago',
    'les pago', 'yo pago', 'pago el', 'hago el pago', 'hare el pago', 'realizare el pago', 'puedo dar',
    'puedo abonar', 'abonare', 'voy a abonar', 'voy a depositar', 'depositare', 'le deposito', 'te deposito',
    'mandare', 'voy a mandar', 'le mando', 'te mando', 'cuando me paguen', 'cuando cobre', 'me pagan el',
    'le prometo', 'prometo pagar', 'se lo pago', 'lo pago', 'hoy pago', 'manana pago', 'lunes pago',
    'martes pago', 'miercoles pago', 'jueves pago', 'viernes pago', 'sabado pago', 'domingo pago'),
];

/** Free-text intents from safest to most pressing: when several match, the first listed wins. */
export const FREE_TEXT_PRIORITY = ['complaint', 'dispute', 'hardship', 'already-paid', 'wants-person', 'promise'] as const;

const NEGATORS = ['not', 'never', 'no', 'nunca', 'ni', 'unable'];

/**
 * A phrase of these intents does not count when one of these words comes up to three words before it
 * in the same sentence: "I have not paid it", "you will pay", "if I pay", "when I get paid friday".
 */
export const CANCELLED_BY: Partial<Record<PhraseIntent, readonly string[]>> = {
  promise: [...NEGATORS, 'you', 'they', 'he', 'she', 'who', 'if', 'how', 'where', 'why', 'what', 'donde', 'como', 'si'],
  'already-paid': [...NEGATORS, 'get', 'gets', 'got', 'getting', 'will', 'until', 'when', 'once', 'if', 'did', 'si'],
  'wants-person': NEGATORS,
};

/** Phrases of these intents do not count inside a question: "can I pay on friday?" is not a promise. */
export const NOT_IN_QUESTIONS: readonly PhraseIntent[] = ['promise'];

/** SMS shorthand and contractions without apostrophes, rewritten before matching. */
export const SHORTHAND: Readonly<Record<string, string>> = {
  pls: 'please', plz: 'please', plez: 'please', pleas: 'please', pleaseee: 'please', u: 'you', ur: 'your',
  r: 'are', cant: 'can not', cannot: 'can not', dont: 'do not', doesnt: 'does not', didnt: 'did not',
  wont: 'will not', isnt: 'is not', aint: 'am not', havent: 'have not', hasnt: 'has not', wasnt: 'was not',
  couldnt: 'could not', wouldnt: 'would not', shouldnt: 'should not', im: 'i am', ive: 'i have',
  gonna: 'going to', wanna: 'want to', gotta: 'have to', thx: 'thanks', tmrw: 'tomorrow', tmr: 'tomorrow',
  tmrrw: 'tomorrow', '2morrow': 'tomorrow', '2moro': 'tomorrow', tomorow: 'tomorrow', tommorow: 'tomorrow',
  tommorrow: 'tomorrow', txt: 'text', txts: 'texts', msg: 'message', msgs: 'messages',
  ppl: 'people', rn: 'right now', idk: 'i do not know', bc: 'because', cuz: 'because', wk: 'week',
  nxt: 'next', okay: 'ok', k: 'ok', kk: 'ok', q: 'que', xq: 'porque', pq: 'porque', tb: 'tambien',
  tmb: 'tambien', porfa: 'por favor', porfavor: 'por favor', xfa: 'por favor',
};

/** "ill pay", "ill be": "ill" before one of these verbs is "I'll", otherwise it means sick. */
export const ILL_AS_I_WILL_BEFORE: readonly string[] = [
  'pay', 'be', 'send', 'make', 'call', 'get', 'have', 'try', 'do', 'text', 'give', 'take', 'set', 'put',
  'check', 'see', 'let', 'talk', 'work', 'contact', 'deposit', 'go', 'wait', 'transfer', 'mail', 'look',
  'need', 'figure', 'just', 'definitely', 'def', 'probably',
];

/** Words that hint at the language of a reply no phrase decided. */
export const LANGUAGE_HINTS: Readonly<Record<ReplyLanguage, readonly string[]>> = {
  en: ['the', 'you', 'i', 'is', 'my', 'what', 'who', 'why', 'thanks', 'thank', 'hi', 'hello', 'this', 'yes',
    'and', 'please', 'how', 'when', 'your', 'do', 'got', 'it', 'are', 'about', 'stars', 'star', 'out', 'of',
    'one', 'two', 'three', 'four', 'five', 'much', 'owe', 'at'],
  es: ['el', 'la', 'que', 'de', 'por', 'favor', 'gracias', 'hola', 'es', 'mi', 'quien', 'como', 'cuanto',
    'esto', 'este', 'usted', 'ustedes', 'pero', 'tengo', 'estoy', 'soy', 'para', 'con', 'mas', 'y', 'un',
    'una', 'los', 'las', 'del', 'buenas', 'buenos', 'tardes', 'dias', 'estrellas', 'estrella', 'uno', 'dos',
    'tres', 'cuatro', 'cinco', 'debo', 'lo', 'reviso', 'en'],
};

/** Date words for reading a promise's date. Weekdays: 0 = Sunday. */
export const WEEKDAY_WORDS: Readonly<Record<string, number>> = {
  sunday: 0, sun: 0, domingo: 0, monday: 1, mon: 1, lunes: 1, tuesday: 2, tue: 2, tues: 2, martes: 2,
  wednesday: 3, wed: 3, miercoles: 3, thursday: 4, thu: 4, thur: 4, thurs: 4, jueves: 4, friday: 5, fri: 5,
  viernes: 5, saturday: 6, sat: 6, sabado: 6,
};

export const MONTH_WORDS: Readonly<Record<ReplyLanguage, Readonly<Record<string, number>>>> = {
  en: {
    jan: 1, january: 1, feb: 2, february: 2, mar: 3, march: 3, apr: 4, april: 4, may: 5, jun: 6, june: 6,
    jul: 7, july: 7, aug: 8, august: 8, sep: 9, sept: 9, september: 9, oct: 10, october: 10, nov: 11,
    november: 11, dec: 12, december: 12,
  },
  es: {
    ene: 1, enero: 1, feb: 2, febrero: 2, mar: 3, marzo: 3, abr: 4, abril: 4, may: 5, mayo: 5, jun: 6,
    junio: 6, jul: 7, julio: 7, ago: 8, agosto: 8, sep: 9, sept: 9, septiembre: 9, setiembre: 9, oct: 10,
    octubre: 10, nov: 11, noviembre: 11, dic: 12, diciembre: 12,
  },
};

export const COUNT_WORDS: Readonly<Record<string, number>> = {
  a: 1, an: 1, one: 1, two: 2, three: 3, four: 4, five: 5, six: 6, seven: 7, un: 1, una: 1, uno: 1, dos: 2,
  tres: 3, cuatro: 4, cinco: 5, seis: 6, siete: 7,
};

/** Words after a number that make it money: "50 dollars", "50 dolares", "20 pounds". */
export const CURRENCY_WORDS: readonly string[] = [
  '$', '£', '€', 'dollar', 'dollars', 'dolar', 'dolares', 'bucks', 'usd', 'dls', 'dlls', 'pesos', 'euro', 'euros',
  'pound', 'pounds', 'libras',
];

/** Verbs after which a bare number is an amount: "I can pay 50 on the 15th", "puedo pagar 50 el 15". */
export const PAYING_VERBS: readonly string[] = [
  'pay', 'paying', 'send', 'pagar', 'pagare', 'pago', 'abonar', 'abonare', 'dar', 'depositar', 'deposito',
  'depositare', 'mandar', 'mando', 'mandare',
];
