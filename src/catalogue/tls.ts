/**
 * TLS client and server settings that switch certificate or host-name verification off (reqwest,
 * native-tls, hyper-tls, openssl, rustls). A name is written once, here.
 */

/** Builder switches that turn certificate or host-name checks off when given `true` (reqwest, native-tls, tokio-native-tls). */
export const VERIFICATION_DISABLING_SWITCHES = /^(danger_accept_invalid_certs|danger_accept_invalid_hostnames|dangerous_accept_invalid_certs|dangerous_accept_invalid_hostnames|accept_invalid_certs|accept_invalid_hostnames|danger_disable_hostname_verification)$/;
/** Switches that turn a check off when given `false` (openssl `ConnectConfiguration`). */
export const VERIFICATION_SWITCHES = /^(verify_hostname|set_verify_hostname|danger_verify_hostname)$/;
/** rustls: installing a custom verifier through the `dangerous()` escape hatch. */
export const CUSTOM_VERIFIER_METHODS = /^(set_certificate_verifier|with_custom_certificate_verifier)$/;
/** `SslVerifyMode::NONE` (openssl) or `SSL_VERIFY_NONE`, as an argument text. */
export const VERIFY_NONE_MODES = /(^|::)(SslVerifyMode::NONE|SSL_VERIFY_NONE)$|^SslVerifyMode::empty\(\)$/;
/** Text every method or fn name above contains, and rustls' `verify_server_cert` / `*_verifier` (a rule's `requires`). */
export const VERIFICATION_HINT = /accept_invalid|verif/;

export const isVerificationDisablingSwitch = (method: string): boolean => VERIFICATION_DISABLING_SWITCHES.test(method);
export const isVerificationSwitch = (method: string): boolean => VERIFICATION_SWITCHES.test(method);
export const isCustomVerifierMethod = (method: string): boolean => CUSTOM_VERIFIER_METHODS.test(method);
export const isVerifyNoneMode = (text: string): boolean => VERIFY_NONE_MODES.test(text);
