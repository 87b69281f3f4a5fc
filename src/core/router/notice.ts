/**
 * Plain-language remarks about input the CPU router cannot judge well: text that is not English
 * (it was trained on English only) and input too short to hold a fact. Light checks, no model:
 * the share of letters outside the Latin script, and of common English words among the words.
 */
const ENGLISH = new Set(('the a an and or but of to in on for with at by from is are was were be been am i we you our my your it this that ' +
  'they he she them us me not no do does did have has had will would can could should please thanks thank our their its as if so what which ' +
  'who how when where why all any more most just about into than then there here also very').split(' '));

export interface InputNotice {
  kind: 'not-english' | 'too-short';
  message: string;
}

/** A remark about the text a router was given, or null when there is nothing to say. */
export function inputNotice(text: string): InputNotice | null {
  const letters = text.match(/\p{L}/gu) ?? [];
  if (letters.length === 0) return null;
  const nonLatin = letters.filter((ch) => !/\p{Script=Latin}/u.test(ch)).length;
  const words = text.toLowerCase().match(/[\p{L}']+/gu) ?? [];
  if (nonLatin / letters.length > 0.3 || (words.length >= 6 && words.filter((w) => ENGLISH.has(w)).length / words.length < 0.08)) {
    return {
      kind: 'not-english',
      message: 'This text does not look like English. router-lite was trained on English conversations only, so its answer here is unreliable: translate the conversation, or load a language model on the Models page.',
    };
  }
  if (words.length < 3) {
    return {
      kind: 'too-short',
      message: 'One or two words rarely hold anything worth remembering. Paste the whole conversation, or a sentence that states a fact ("Our brand voice is warm and plain").',
    };
  }
  return null;
}
