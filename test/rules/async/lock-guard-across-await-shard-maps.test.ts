// A concurrent map's lookup guard (dashmap's `Ref` / `RefMut` / `Entry` and its iterators) holds one
// shard's lock: alive at an `.await` it blocks every task touching that shard, like a std Mutex guard.
// Known only through the receiver's type (a field, a parameter, a crate fn's return type): `get` and
// `iter` of anything else are plain lookups.
import rule from '../../../src/rules/async/lock-guard-across-await.js';
import { testFileRule } from '../../helpers/rule-tester.js';

const SESSIONS = `use std::sync::Arc;
use dashmap::DashMap;

pub struct Sessions {
    open: Arc<DashMap<u64, Session>>,
    store: SessionStore,
}
`;

testFileRule(rule, {
  valid: [
    {
      name: 'the looked-up value is cloned out in the same statement: the guard is gone before the await',
      code: `${SESSIONS}
impl Sessions {
    pub async fn refresh(&self, id: u64) {
        let session = self.open.get(&id).map(|r| r.clone());
        self.store.persist(session).await;
    }
}
`,
    },
    {
      name: 'a std HashMap lookup across an await is a borrow, not a lock',
      code: `use std::collections::HashMap;

pub struct Prices { table: HashMap<String, u64>, feed: Feed }

impl Prices {
    pub async fn quote(&self, sku: &str) -> u64 {
        let price = self.table.get(sku).copied().unwrap_or(0);
        self.feed.publish(sku, price).await;
        price
    }
}
`,
    },
    {
      name: 'the crate\'s own type with a `get_mut` method is no sharded map',
      code: `pub struct Slots { inner: SlotTable, notifier: Notifier }

impl Slots {
    pub async fn bump(&mut self, id: u32) {
        if let Some(slot) = self.inner.get_mut(&id) {
            self.notifier.changed(slot.id).await;
        }
    }
}
`,
    },
    {
      name: 'the await is in the else of `if let Some(..) = map.get(..)`: nothing was found, no guard exists there',
      code: `${SESSIONS}
impl Sessions {
    pub async fn load(&self, id: u64) -> Session {
        if let Some(hit) = self.open.get(&id) {
            hit.clone()
        } else {
            self.store.fetch(id).await
        }
    }
}
`,
    },
    {
      name: 'the guard an `if let` binds is dropped before the await in its body (the pattern moved it out of the temporary)',
      code: `${SESSIONS}
impl Sessions {
    pub async fn touch(&self, id: u64) {
        if let Some(mut session) = self.open.get_mut(&id) {
            session.hits += 1;
            let snapshot = session.clone();
            drop(session);
            self.store.save(&snapshot).await;
        }
    }
}
`,
    },
    {
      name: 'the guard is dropped with its inner block before the await',
      code: `${SESSIONS}
impl Sessions {
    pub async fn touch(&self, id: u64) {
        {
            let mut session = self.open.get_mut(&id).unwrap();
            session.hits += 1;
        }
        self.store.flush().await;
    }
}
`,
    },
  ],
  invalid: [
    {
      name: 'a RefMut bound with `let` from an `Arc<DashMap>` field, alive at the save',
      code: `${SESSIONS}
impl Sessions {
    pub async fn touch(&self, id: u64) {
        let mut session = self.open.get_mut(&id).unwrap();
        session.hits += 1;
        self.store.save(&session).await;
    }
}
`,
      lines: [11],
      messageIncludes: 'dashmap::DashMap',
    },
    {
      name: 'iterating a DashMap parameter while awaiting in the loop body holds a shard read lock',
      code: `use dashmap::DashMap;

pub async fn announce(peers: &DashMap<PeerId, Peer>, bus: &Bus) {
    for peer in peers.iter() {
        bus.send(peer.key()).await;
    }
}
`,
      lines: [4],
    },
    {
      name: 'an entry filled in (`or_insert_with`) is a RefMut: bound and alive at the await, map from a crate fn of another file',
      path: 'src/limits.rs',
      files: {
        'src/main.rs': 'mod registry;\nmod limits;\n',
        'src/registry.rs': `use dashmap::DashMap;

pub struct Registry { buckets: DashMap<String, Bucket> }

impl Registry {
    pub fn buckets(&self) -> &DashMap<String, Bucket> {
        &self.buckets
    }
}
`,
      },
      code: `use crate::registry::Registry;

pub async fn take(registry: &Registry, key: String, audit: &Audit) {
    let buckets = registry.buckets();
    let mut bucket = buckets.entry(key).or_insert_with(Bucket::full);
    bucket.take_one();
    audit.record(&bucket).await;
}
`,
      lines: [5],
      messageIncludes: '`bucket`',
    },
    {
      name: 'a DashSet guard in an `if let` scrutinee lives through the body and its await',
      code: `use dashmap::DashSet;

pub struct Seen { ids: DashSet<u64>, log: Log }

impl Seen {
    pub async fn report(&self, id: u64) {
        if let Some(known) = self.ids.get(&id) {
            self.log.write(*known).await;
        }
    }
}
`,
      lines: [7],
      messageIncludes: '`known`',
    },
    {
      name: 'a `match` arm that binds the RefMut awaits while it is alive; the `None` arm holds nothing',
      code: `${SESSIONS}
impl Sessions {
    pub async fn expire(&self, id: u64) -> bool {
        match self.open.get_mut(&id) {
            Some(mut session) => {
                session.expired = true;
                self.store.save(&session).await;
                true
            }
            None => self.store.forget(id).await,
        }
    }
}
`,
      lines: [11],
      messageIncludes: '`session`',
    },
  ],
});
