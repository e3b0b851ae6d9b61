/**
 * jsonErrorOffset is the 0-based offset of the first character at which `text` stops being JSON
 * (text.length when it ends too soon), or null when it is JSON. It is for messages: JSON.parse does
 * the parsing, and says where for most errors but not all.
 */
export function jsonErrorOffset(text: string): number | null {
  let at = 0;
  const skipSpace = () => {
    while (at < text.length && ' \t\n\r'.includes(text.charAt(at))) at += 1;
  };
  const take = (chars: string): boolean => {
    const c = text.charAt(at);
    if (c === '' || !chars.includes(c)) return false;
    at += 1;
    return true;
  };
  const digits = (): boolean => {
    if (!take(DIGITS)) return false;
    while (take(DIGITS));
    return true;
  };
  const number = (): boolean => {
    take('-');
    if (!take('0') && !digits()) return false;
    if (take('.') && !digits()) return false;
    if (take('eE')) {
      take('+-');
      if (!digits()) return false;
    }
    return true;
  };
  const string = (): boolean => {
    at += 1; // the opening quote
    for (;;) {
      const c = text.charCodeAt(at);
      if (Number.isNaN(c) || c < 0x20) return false;
      at += 1;
      if (c === 0x22) return true;
      if (c !== 0x5c) continue;
      if (take('u')) {
        for (let i = 0; i < 4; i += 1) if (!take(HEX_DIGITS)) return false;
      } else if (!take('"\\/bfnrt')) return false;
    }
  };
  const word = (expected: string): boolean => {
    for (const c of expected) if (!take(c)) return false;
    return true;
  };
  const sequence = (close: string, item: () => boolean): boolean => {
    at += 1; // the opening bracket
    skipSpace();
    if (take(close)) return true;
    for (;;) {
      if (!item()) return false;
      skipSpace();
      if (take(close)) return true;
      if (!take(',')) return false;
      skipSpace();
    }
  };
  const member = (): boolean => {
    if (text.charAt(at) !== '"' || !string()) return false;
    skipSpace();
    return take(':') && value();
  };
  const value = (): boolean => {
    skipSpace();
    const c = text.charAt(at);
    if (c === '{') return sequence('}', member);
    if (c === '[') return sequence(']', value);
    if (c === '"') return string();
    if (c === 't') return word('true');
    if (c === 'f') return word('false');
    if (c === 'n') return word('null');
    return c !== '' && '-0123456789'.includes(c) && number();
  };
  if (!value()) return at;
  skipSpace();
  return at < text.length ? at : null;
}

const DIGITS = '0123456789';
const HEX_DIGITS = '0123456789abcdefABCDEF';
