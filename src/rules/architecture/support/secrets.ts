/**
 * What a real-looking secret value is, for hardcoded-secret: not a placeholder, a name, a path, a
 * message or a URL without credentials; long and random when the name alone says little. Value
 * shapes are this role's judgement; the secret names and token formats are the catalogue's
 * (catalogue/secrets.ts), the literal behind a conversion the model's (model/literal-text.ts).
 */
import { DEFAULT_DEV_PASSWORDS, LOCAL_HOSTS, nameWords, PLACEHOLDER_SECRET_VALUES, RESERVED_DOMAINS } from '../../../catalogue/secrets.js';

/** A literal that looks like a real secret: not empty, not a placeholder, not a name / path / message. */
export function looksLikeSecretValue(value: string, bindingName = ''): boolean {
  const v = value.trim();
  if (v.length < 6) return false;
  if (PLACEHOLDER_SECRET_VALUES.test(v) || /^<.*>$|^\$\{.*\}$|^\{\{.*\}\}$|^%.*%$/.test(v)) return false;
  if (/^your[-_ ]|^my[-_ ]?(api|secret|token)[-_ ]?(key)?$|^(insert|put|add)[-_ ]/i.test(v)) return false;
  if (/^[A-Z][A-Z0-9_]*$/.test(v)) return false; // an environment variable name: `JWT_SECRET`
  if (/\s/.test(v) || /[{}]/.test(v)) return false; // a message or a format string
  if (/^(\/|\.\/|~\/)|\.(pem|key|crt|json|toml|ya?ml|txt|der|p12)$/i.test(v)) return false; // a file path
  if (/^x-[a-z0-9-]+$/i.test(v) || /^(authorization|cookie|set-cookie|bearer|basic)$/i.test(v)) return false; // a header name
  if (/^https?:\/\//i.test(v) && !/:\/\/[^/@\s]+:[^/@\s]+@/.test(v)) return false; // a URL without credentials
  // The value is a word of its own name (`const TOKEN_FIELD = "token"`): a key, not a secret.
  const w = nameWords(bindingName);
  const norm = v.toLowerCase().replace(/[-_.]/g, '');
  const nameParts = [...w, w.join(''), w.slice(0, -1).join(''), w.slice(1).join('')];
  if (nameParts.includes(norm)) return false;
  return true;
}

/** `scheme://user:password@host` with a real-looking password on a non-local host. */
export function urlCredentials(value: string): { user: string; host: string } | null {
  const m = /^[a-z][a-z0-9+.-]*:\/\/([^/\s:@]+):([^@\s/]+)@([^/\s:?]+)/i.exec(value.trim());
  if (!m) return null;
  const [, user, password, host] = m as unknown as [string, string, string, string];
  if (LOCAL_HOSTS.test(host) || RESERVED_DOMAINS.test(host)) return null;
  if (password === user || PLACEHOLDER_SECRET_VALUES.test(password) || /^[$<{%]/.test(password) || DEFAULT_DEV_PASSWORDS.test(password)) return null;
  return { user, host };
}

/** Long, mixed letters and digits, no separators a key name or a message would have. */
export function looksRandom(value: string): boolean {
  return value.length >= 16 && /[0-9]/.test(value) && /[A-Za-z]/.test(value) && !/[\s:/.{}]/.test(value) && !/^[a-z]+([_-][a-z0-9]+)*$/.test(value);
}
