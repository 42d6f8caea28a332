use std::collections::HashMap;
use std::hash::Hash;
use std::time::{Duration, Instant};

pub struct TtlCache<K, V> {
    ttl: Duration,
    entries: HashMap<K, (Instant, V)>,
}

impl<K: Eq + Hash, V: Clone> TtlCache<K, V> {
    pub fn new(ttl: Duration) -> Self {
        Self { ttl, entries: HashMap::new() }
    }

    pub fn insert(&mut self, key: K, value: V) {
        self.entries.insert(key, (Instant::now(), value));
    }

    pub fn get(&mut self, key: &K) -> Option<V> {
        match self.entries.get(key) {
            Some((at, value)) if at.elapsed() < self.ttl => Some(value.clone()),
            Some(_) => {
                self.entries.remove(key);
                None
            }
            None => None,
        }
    }

    pub fn len(&self) -> usize {
        self.entries.len()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn returns_fresh_entries() {
        let mut cache = TtlCache::new(Duration::from_secs(60));
        cache.insert("plan:pro", 4900);
        assert_eq!(cache.get(&"plan:pro"), Some(4900));
    }
}
