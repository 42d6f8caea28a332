use uuid::Uuid;

use crate::error::InviteError;
use crate::mailer::Mailer;
use crate::models::Invitation;
use crate::repo::InvitationRepo;

pub struct InviteService<R: InvitationRepo> {
    repo: R,
    mailer: Mailer,
}

impl<R: InvitationRepo> InviteService<R> {
    pub async fn invite(&self, email: &str) -> Result<Uuid, InviteError> {
        let invitation = Invitation {
            id: Uuid::new_v4(),
            email: email.trim().to_lowercase(),
            created_at: chrono::Utc::now(),
        };
        self.repo.insert(&invitation).await?;
        self.mailer.send_invite(&invitation.email, invitation.id).await?;
        Ok(invitation.id)
    }
}
