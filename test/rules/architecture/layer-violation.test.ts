import { beforeAll, describe, expect, it } from 'vitest';
import rule from '../../../src/rules/architecture/layer-violation.js';
import { loadRustParser } from '../../../src/rust/parser.js';
import { runChangeRule, type ChangeFixture } from '../../helpers/rule-tester.js';

const domainToml = (deps: string, name = 'domain') => `[package]\nname = "${name}"\nversion = "0.1.0"\nedition = "2021"\n\n[dependencies]\n${deps}`;

const found = async (fx: ChangeFixture) => {
  const out = await runChangeRule(rule, fx);
  expect(out.ruleErrors).toEqual([]);
  return out.findings.map((f) => `${f.path}:${f.line} ${f.message}`);
};

describe('architecture/layer-violation', () => {
  beforeAll(() => loadRustParser());

  describe('stays silent (else noisy)', () => {
    it('a whole-tree review: a domain crate that has long depended on sea-orm (a standing decision, not a new one)', async () => {
      const head = domainToml('serde = "1"\nsea-orm = "1"\n', 'shop-domain-model');
      expect(await found({ files: { 'crates/domain-model/Cargo.toml': { head }, 'crates/domain-model/src/lib.rs': { head: 'use sea_orm::entity::prelude::*;\n' } }, wholeTree: true })).toEqual([]);
      // The same files as a change that adds them: the new dependency is commented on.
      expect(await found({ files: { 'crates/domain-model/Cargo.toml': { head }, 'crates/domain-model/src/lib.rs': { head: 'use sea_orm::entity::prelude::*;\n' } } })).toHaveLength(1);
    });
    it('a dev-dependency on sqlx for tests', async () => {
      const base = domainToml('serde = "1"\n');
      expect(await found({ files: { 'crates/domain/Cargo.toml': { base, head: `${base}\n[dev-dependencies]\nsqlx = "0.8"\n` } } })).toEqual([]);
    });
    it('the api crate depending on axum and sqlx', async () => {
      const base = `[package]
name = "shop-api"

[dependencies]
domain = { path = "../domain" }
`;
      expect(await found({ files: { 'crates/api/Cargo.toml': { base, head: `${base}axum = "0.8"\nsqlx = "0.8"\n` } } })).toEqual([]);
    });
    it('a db-model adapter crate (adapter word in the name)', async () => {
      const base = domainToml('serde = "1"\n', 'db-model');
      expect(await found({ files: { 'crates/db-model/Cargo.toml': { base, head: `${base}diesel = "2"\n` } } })).toEqual([]);
    });
    it('an existing sqlx dependency, unchanged, while other lines change', async () => {
      const base = domainToml('serde = "1"\nsqlx = "0.8"\n');
      expect(await found({ files: { 'crates/domain/Cargo.toml': { base, head: base.replace('serde = "1"', 'serde = "1.0"') } } })).toEqual([]);
    });
    it('a core crate that already depended on axum before the change (it holds the endpoints): new imports are not news', async () => {
      const base = 'pub struct Order;\n';
      const head = `use axum::Json;

pub struct Order;

pub async fn get() -> Json<u32> { Json(1) }
`;
      const toml = domainToml('axum = "0.8"\nsqlx = "0.8"\n', 'gateway-core');
      expect(await found({ files: { 'crates/core/src/endpoints.rs': { base, head } }, unchanged: { 'crates/core/Cargo.toml': toml } })).toEqual([]);
    });
    it('one more framework crate (axum-extra) in a crate that already depended on axum', async () => {
      const base = domainToml('axum.workspace = true\nbytes.workspace = true\n', 'server-core');
      const head = domainToml('axum.workspace = true\naxum-extra.workspace = true\nbytes.workspace = true\n', 'server-core');
      expect(await found({ files: { 'src/core/Cargo.toml': { base, head } }, options: { forbidden_crates: ['axum', 'axum-extra', 'sqlx'] } } as ChangeFixture)).toEqual([]);
    });
    it('a dependency it already had, moved to `workspace = true` or bumped', async () => {
      const base = domainToml('serde = "1"\nsqlx = { version = "0.7", features = ["postgres"] }\naxum = "0.7"\n');
      const head = domainToml('serde = "1"\nsqlx = { workspace = true }\naxum = "0.8"\n');
      expect(await found({ files: { 'crates/domain/Cargo.toml': { base, head } } })).toEqual([]);
    });
    it('domain code importing only std and serde', async () => {
      const src = `use serde::Serialize;
use std::collections::HashMap;

pub struct Order { pub id: u64 }
`;
      expect(await found({ files: { 'crates/domain/src/order.rs': { head: src } }, unchanged: { 'crates/domain/Cargo.toml': domainToml('serde = "1"\n') } })).toEqual([]);
    });
    it('a core crate test file using sqlx', async () => {
      const src = `use sqlx::PgPool;
#[sqlx::test]
async fn t(pool: PgPool) {}
`;
      expect(await found({ files: { 'crates/core/tests/db.rs': { head: src } }, unchanged: { 'crates/core/Cargo.toml': domainToml('', 'core') } })).toEqual([]);
    });
  });

  describe('fires (else missing)', () => {
    it('sqlx added to the domain Cargo.toml: comment on that line', async () => {
      const base = domainToml('serde = "1"\n');
      const out = await found({ files: { 'crates/domain/Cargo.toml': { base, head: `${base}sqlx = { version = "0.8", features = ["postgres"] }\n` } } });
      expect(out).toEqual([expect.stringMatching(/^crates\/domain\/Cargo\.toml:8 domain crate `domain` now depends on `sqlx`/)]);
    });
    it('a renamed and table-form dependency in a `shop-core` crate', async () => {
      const base = domainToml('serde = "1"\n', 'shop-core');
      const head = `${base}web = { package = "actix-web", version = "4" }\n\n[dependencies.tokio-postgres]\nversion = "0.7"\n`;
      const out = await found({ files: { 'core/Cargo.toml': { base, head } } });
      expect(out.map((l) => l.split(' ')[0])).toEqual(['core/Cargo.toml:8', 'core/Cargo.toml:10']);
      expect(out[0]).toContain('`actix-web`');
    });
    it('the manifest line only, not also every new import, when both change', async () => {
      const base = domainToml('serde = "1"\n');
      const out = await found({
        files: {
          'crates/domain/Cargo.toml': { base, head: `${base}sqlx = "0.8"\n` },
          'crates/domain/src/user.rs': { base: 'pub struct User;\n', head: `#[derive(sqlx::FromRow)]
pub struct User;
` },
        },
      });
      expect(out).toHaveLength(1);
      expect(out[0]).toMatch(/^crates\/domain\/Cargo\.toml:8/);
    });
    it('a new axum import in a domain crate whose manifest did not list axum before', async () => {
      const base = `use serde::Serialize;

pub struct Order;
`;
      const head = `use axum::http::StatusCode;
use serde::Serialize;

pub struct Order;

impl Order {
    pub fn status(&self) -> StatusCode { StatusCode::OK }
}
`;
      // The base manifest did not list axum: the import is the first sign of the dependency.
      const out = await found({ files: { 'crates/model/src/order.rs': { base, head }, 'crates/model/Cargo.toml': { base: domainToml('', 'model'), head: domainToml('', 'model') } } });
      expect(out).toEqual([expect.stringMatching(/^crates\/model\/src\/order\.rs:1 domain crate `model` uses `axum`/)]);
    });
    it('a fully qualified diesel derive with no use line', async () => {
      const head = `pub struct Order;

#[derive(diesel::Queryable)]
pub struct Line { pub sku: String }
`;
      const out = await found({ files: { 'domain/src/lib.rs': { base: 'pub struct Order;\n', head } }, unchanged: { 'domain/Cargo.toml': domainToml('') } });
      expect(out).toEqual([expect.stringMatching(/^domain\/src\/lib\.rs:3 .*`diesel`/)]);
    });
    it('configured domain crate names', async () => {
      const base = domainToml('serde = "1"\n', 'billing-rules');
      const out = await found({ files: { 'crates/billing-rules/Cargo.toml': { base, head: `${base}axum = "0.8"\n` } }, options: { domain_crates: ['rules'] } });
      expect(out).toHaveLength(1);
    });
  });
});
