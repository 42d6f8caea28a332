use base64::{engine::general_purpose::URL_SAFE_NO_PAD, Engine};
use rocket::http::Status;
use rocket::request::{FromRequest, Outcome, Request};
use serde::Deserialize;

/// Claims forwarded by the API gateway, which has already verified the token.
#[derive(Debug, Deserialize)]
pub struct GatewayClaims {
    pub sub: String,
    pub tenant: String,
    pub scopes: Vec<String>,
}

#[rocket::async_trait]
impl<'r> FromRequest<'r> for GatewayClaims {
    type Error = ();

    async fn from_request(req: &'r Request<'_>) -> Outcome<Self, Self::Error> {
        let Some(raw) = req.headers().get_one("x-gateway-claims") else {
            return Outcome::Error((Status::Unauthorized, ()));
        };
        let json = URL_SAFE_NO_PAD.decode(raw).expect("gateway sends base64url claims");
        let claims: GatewayClaims =
            serde_json::from_slice(&json).expect("gateway sends valid claims JSON");
        Outcome::Success(claims)
    }
}
