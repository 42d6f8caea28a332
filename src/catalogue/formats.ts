/**
 * Data formats: the functions that parse external text or bytes (serde formats, UTF-8, ids, numbers,
 * dates, URLs) and those that serialise the program's own values. A parse fails on the input's
 * content (bad data, not a bug); a serialisation of our own values only on non-string map keys.
 */

/** Parsing functions by resolved path whose input is external text or bytes. */
export const PARSE_FUNCTIONS = /(^|::)(serde_json|serde_yaml|toml|serde_urlencoded|serde_qs|bincode|rmp_serde|csv|base64)::(from_str|from_slice|from_value|from_reader|from_bytes|decode|deserialize)$|(^|::)(std::)?(str|String)::from_utf8$|(^|::)Uuid::(parse_str|from_str|try_parse)$|(^|::)(Decimal|DateTime|NaiveDate|NaiveDateTime|Url|IpAddr)::(from_str|parse_from_rfc3339|parse_from_str|parse)$/;
/** Serialising functions by resolved path (`serde_json::to_string`, `toml::to_vec`). */
export const SERIALIZE_FUNCTIONS = /(^|::)(serde_json|serde_yaml|toml|serde_urlencoded|bincode|rmp_serde)::to_(string|string_pretty|vec|vec_pretty|value|writer|bytes)$/;

export const isParseFunction = (resolved: string): boolean => PARSE_FUNCTIONS.test(resolved);
export const isSerializeFunction = (resolved: string): boolean => SERIALIZE_FUNCTIONS.test(resolved);

/** The functions' names are std's and serde's common words (`from_str`, `String`, `parse`, `to_vec`): counted as API names, they would mark any list of std conversions (see catalogue/index.ts). */
export const STD_VOCABULARY: readonly string[] = ['PARSE_FUNCTIONS', 'SERIALIZE_FUNCTIONS'];
