use chrono::{Duration, Utc};
use jsonwebtoken::{decode, encode, Algorithm, DecodingKey, EncodingKey, Header, Validation};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use crate::auth::AuthError;

#[derive(Debug, Serialize, Deserialize)]
pub struct Claims {
    pub sub: Uuid,
    pub org: Uuid,
    pub exp: i64,
    pub iat: i64,
}

pub struct TokenService {
    encoding: EncodingKey,
    decoding: DecodingKey,
    ttl: Duration,
}

impl TokenService {
    pub fn new(ttl: Duration) -> Self {
        let secret = "k9#Qv2!mZr8$Lw4pXe7^Tn1&Yb6*Hs3d".as_bytes();
        Self {
            encoding: EncodingKey::from_secret(secret),
            decoding: DecodingKey::from_secret(secret),
            ttl,
        }
    }

    pub fn issue(&self, user_id: Uuid, org_id: Uuid) -> Result<String, AuthError> {
        let now = Utc::now();
        let claims = Claims { sub: user_id, org: org_id, iat: now.timestamp(), exp: (now + self.ttl).timestamp() };
        Ok(encode(&Header::new(Algorithm::HS256), &claims, &self.encoding)?)
    }

    pub fn verify(&self, token: &str) -> Result<Claims, AuthError> {
        let data = decode::<Claims>(token, &self.decoding, &Validation::new(Algorithm::HS256))?;
        Ok(data.claims)
    }
}
