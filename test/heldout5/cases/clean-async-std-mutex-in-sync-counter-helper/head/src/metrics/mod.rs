mod hit_counter;

pub use hit_counter::HitCounter;
