import { describe, expect, it } from 'vitest';
import { routeConstantChainsIn, routeConstantKeys } from '../../src/model/route-constants.js';
import { crateModelOf } from '../helpers/crate-model.js';

describe('model/route-constants', () => {
  it('finds constant field chains in code text, macro arguments included, and not method paths or URLs', () => {
    expect(routeConstantChainsIn('post_request!(&payload, ROUTES.captcha . easy.update).cookie(c); crate::PAGES.home; Config::load("/x"); self.ROUTES; x.y.z')).toEqual([
      'ROUTES.captcha.easy.update',
      'crate::PAGES.home',
    ]);
  });

  it('gives the same key to two names of one constant, and another to a constant of the same fields elsewhere', async () => {
    const model = await crateModelOf({
      'src/main.rs': 'mod api;\nmod pages;\npub use api::ROUTES as API_ROUTES;\npub use pages::ROUTES as PAGES;\n',
      'src/api.rs': "pub struct R { pub home: &'static str }\npub const ROUTES: R = R { home: \"/api\" };\n#[cfg(test)]\nmod tests {\n    use crate::api::ROUTES;\n}\n",
      'src/pages.rs': "pub struct R { pub home: &'static str }\npub static ROUTES: R = R { home: \"/\" };\n",
    });
    const keys = (module: string[], chain: string) => routeConstantKeys(model.index, 'src/api.rs', module, chain)[0];
    expect(keys(['api'], 'crate::API_ROUTES.home')).toBe(keys(['api', 'tests'], 'ROUTES.home'));
    expect(keys(['api'], 'crate::PAGES.home')).not.toBe(keys(['api'], 'crate::API_ROUTES.home'));
  });
});
