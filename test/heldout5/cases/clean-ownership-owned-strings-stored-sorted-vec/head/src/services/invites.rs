use chrono::Utc;
use uuid::Uuid;

use crate::error::InviteError;
use crate::mailer::Mailer;
use crate::models::Invitation;
use crate::repo::InvitationRepo;

pub struct NewInvite {
    pub email: String,
    pub team: String,
}

pub struct InviteService<R: InvitationRepo> {
    repo: R,
    mailer: Mailer,
}

impl<R: InvitationRepo> InviteService<R> {
    pub async fn invite(&self, form: NewInvite, invited_by: Uuid) -> Result<Uuid, InviteError> {
        let email = form.email.trim().to_lowercase();
        let invitation = Invitation::new(email.clone(), form.team, invited_by);
        self.repo.insert(&invitation).await?;
        let mut body = self.mailer.template("invite")?;
        push_footer(&mut body, &invitation.team);
        self.mailer.send(&email, &body, invitation.id).await?;
        Ok(invitation.id)
    }

    /// Distinct addresses with an open invitation, sorted for the admin screen.
    pub async fn pending_emails(&self, team: &str) -> Result<Vec<String>, InviteError> {
        let now = Utc::now();
        let mut emails: Vec<String> = self
            .repo
            .for_team(team)
            .await?
            .into_iter()
            .filter(|inv| inv.is_pending(now))
            .map(|inv| inv.email)
            .collect();
        emails.sort_unstable();
        emails.dedup();
        Ok(emails)
    }
}

fn push_footer(body: &mut String, team: &str) {
    body.push_str("\n\n-- \nYou were invited to join ");
    body.push_str(team);
    body.push_str(". The link expires in 7 days.");
}
