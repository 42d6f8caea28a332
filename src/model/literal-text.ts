/**
 * The text of a string literal behind the conversions that keep it (`"x".to_string()`, `"x".into()`,
 * `String::from("x")`, `SecretString::new("x".into())`): what a value written into the program is,
 * whichever way it was turned into an owned or wrapped string.
 */
import type { Node } from '../rust/parser.js';
import { calleeText, methodName, methodReceiver, stringValue } from '../rust/syntax.js';

/**
 * The literal text behind `"x"`, `b"x"`, `"x".to_string()`, `"x".into()`, `String::from("x")`,
 * `SecretString::new("x".into())`; null when the value is not a literal.
 */
export function literalText(node: Node | null | undefined): string | null {
  if (!node) return null;
  const direct = stringValue(node);
  if (direct !== null) return direct;
  if (node.type === 'reference_expression') return literalText(node.namedChildren[node.namedChildren.length - 1]);
  if (node.type === 'call_expression') {
    const m = methodName(node);
    if (m && /^(to_string|to_owned|into|as_bytes|as_ref|to_vec|into_bytes)$/.test(m)) return literalText(methodReceiver(node));
    if (!m && /(^|::)(String::from|from|new|Secret\w*::new|SecretString::from|Cow::Borrowed)$/.test(calleeText(node))) {
      const args = node.childForFieldName('arguments')?.namedChildren ?? [];
      return args.length === 1 ? literalText(args[0]) : null;
    }
  }
  return null;
}
