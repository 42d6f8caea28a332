/** The architect's rules. Add each new rule file here. */
import type { Rule } from '../define-rule.js';
import tlsVerificationDisabled from './tls-verification-disabled.js';
import unfinishedCode from './unfinished-code.js';
import boxedErrorInLibrary from './boxed-error-in-library.js';
import hardcodedSecret from './hardcoded-secret.js';
import internalErrorLeak from './internal-error-leak.js';
import layerViolation from './layer-violation.js';
import secretLogged from './secret-logged.js';
import unsafeWithoutSafetyComment from './unsafe-without-safety-comment.js';
import unwrapInHandler from './unwrap-in-handler.js';
import unfulfilledLintExpectation from './unfulfilled-lint-expectation.js';

export const architectureRules: Rule[] = [boxedErrorInLibrary, hardcodedSecret, internalErrorLeak, layerViolation, secretLogged, tlsVerificationDisabled, unfinishedCode, unfulfilledLintExpectation, unsafeWithoutSafetyComment, unwrapInHandler];
