//! Delivery: every accepted event goes, through a Cloudflare Queue, to the user's backend
//! (`DELIVERY_URL`), signed per Standard Webhooks, retried with backoff, dead-lettered after the
//! last try. The queue carries only event ids (the events are in D1), so no event is too large
//! for a queue message.

mod consumer;
pub mod policy;
pub mod signing;

pub use consumer::{consume, hand_on, hand_on_all, DeliveryJob};
