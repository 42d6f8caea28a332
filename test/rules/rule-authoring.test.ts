/** Rule authoring: message ids are checked by the compiler and by the rule tester. */
import { beforeAll, describe, expect, it } from 'vitest';
import { defineRule } from '../../src/rules/define-rule.js';
import { loadRustParser } from '../../src/rust/parser.js';
import { expectMessageId, runFileRule } from '../helpers/rule-tester.js';

const rule = defineRule({
  id: 'architecture/authoring-example',
  role: 'architecture',
  category: 'style',
  docs: { summary: 's', why: 'w', bad: '', good: '' },
  messages: { named: 'fn `{{name}}` is named', other: 'something else' },
  create(ctx) {
    return {
      function_item(node) {
        ctx.report({ node, messageId: 'named', data: { name: node.childForFieldName('name')!.text } });
        if (node.text.includes('never')) {
          // @ts-expect-error a message id the rule does not declare fails to compile
          ctx.report({ node, messageId: 'nmaed' });
        }
      },
    };
  },
});

describe('message ids', () => {
  beforeAll(() => loadRustParser());

  it('the tester accepts findings made from the given message id, placeholders filled in', async () => {
    const out = await runFileRule(rule, { code: 'fn load_user() {}\n' });
    expect(() => expectMessageId(rule, 'named', out.findings)).not.toThrow();
  });

  it('the tester fails on findings made from another message id, and on an id the rule does not have', async () => {
    const out = await runFileRule(rule, { code: 'fn load_user() {}\n' });
    expect(() => expectMessageId(rule, 'other', out.findings)).toThrow(/not from "other"/);
    expect(() => expectMessageId(rule, 'missing', out.findings)).toThrow(/has no message "missing"/);
  });
});
