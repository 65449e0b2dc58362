//! The store's calls about what every course shares: template revisions and images.

use super::{Inner, Store, done, unexpected};
use crate::domain::{DraftAuthor, StoredImage, TemplateDraft, TemplateRevision, TemplateUse};
use crate::serve::protocol::{Request, Response};
use crate::store::error::Result;

impl Store {
    /// Every revision of every template, by name then revision.
    pub fn template_revisions(&self) -> Result<Vec<TemplateRevision>> {
        match &self.inner {
            Inner::Local(local) => local.template_revisions(),
            Inner::Remote(remote) => remote!(remote, Request::TemplateRevisions, Templates),
        }
    }

    pub fn template_revision(&self, name: &str, revision: u32) -> Result<Option<TemplateRevision>> {
        match &self.inner {
            Inner::Local(local) => local.template_revision(name, revision),
            Inner::Remote(remote) => {
                remote!(remote, Request::TemplateRevision { name: name.to_string(), revision }, Template)
            }
        }
    }

    pub fn latest_template(&self, name: &str) -> Result<Option<TemplateRevision>> {
        match &self.inner {
            Inner::Local(local) => local.latest_template(name),
            Inner::Remote(remote) => remote!(remote, Request::LatestTemplate(name.to_string()), Template),
        }
    }

    /// Stores `revision`, which must be the next one of its template.
    pub fn save_template(&self, revision: &TemplateRevision) -> Result<()> {
        match &self.inner {
            Inner::Local(local) => local.save_template(revision),
            Inner::Remote(remote) => done(remote.call(Request::SaveTemplate(revision.clone()))?),
        }
    }

    /// Stores a revision of a design this certdesk ships (not in the trail: nobody made it).
    /// Only a database opened here gets them; a server installs its own.
    pub fn install_built_in_template(&self, revision: &TemplateRevision) -> Result<()> {
        match &self.inner {
            Inner::Local(local) => local.install_built_in_template(revision),
            Inner::Remote(remote) => done(remote.call(Request::SaveTemplate(revision.clone()))?),
        }
    }

    /// The course modes printing with template `name` and the certificates printed with
    /// its revisions: what keeps it from being deleted.
    pub fn template_use(&self, name: &str) -> Result<TemplateUse> {
        match &self.inner {
            Inner::Local(local) => local.template_use(name),
            Inner::Remote(remote) => remote!(remote, Request::TemplateUse(name.to_string()), TemplateUse),
        }
    }

    /// Removes every revision of template `name`, logged in the database's trail as done by
    /// `who` (by the server's caller when the database is shared); refused while it is in use.
    /// Returns how many revisions went.
    pub fn delete_template(&self, name: &str, who: &str) -> Result<usize> {
        match &self.inner {
            Inner::Local(local) => local.delete_template(name, who),
            Inner::Remote(remote) => remote!(remote, Request::DeleteTemplate(name.to_string()), Count),
        }
    }

    /// The draft `login` left of template `name` (the server's caller's, when the database is
    /// shared: nobody reads another's unsaved text).
    pub fn template_draft(&self, name: &str, login: &str) -> Result<Option<TemplateDraft>> {
        match &self.inner {
            Inner::Local(local) => local.template_draft(name, login),
            Inner::Remote(remote) => remote!(remote, Request::TemplateDraft(name.to_string()), Draft),
        }
    }

    /// Keeps `draft`, flushed, in place of the one its author had of that template (a server
    /// keeps it as its caller's, whatever login it names).
    pub fn keep_template_draft(&self, draft: &TemplateDraft) -> Result<()> {
        match &self.inner {
            Inner::Local(local) => local.keep_template_draft(draft),
            Inner::Remote(remote) => done(remote.call(Request::KeepTemplateDraft(draft.clone()))?),
        }
    }

    /// Who besides `login` (the server's caller) left a draft of template `name`, and when,
    /// without the text: what deleting the template tells of them.
    pub fn others_template_drafts(&self, name: &str, login: &str) -> Result<Vec<DraftAuthor>> {
        match &self.inner {
            Inner::Local(local) => local.others_template_drafts(name, login),
            Inner::Remote(remote) => remote!(remote, Request::OthersTemplateDrafts(name.to_string()), DraftAuthors),
        }
    }

    /// Removes the draft `login` (the server's caller) had of template `name`, if any.
    pub fn drop_template_draft(&self, name: &str, login: &str) -> Result<()> {
        match &self.inner {
            Inner::Local(local) => local.drop_template_draft(name, login),
            Inner::Remote(remote) => done(remote.call(Request::DropTemplateDraft(name.to_string()))?),
        }
    }

    pub fn images(&self) -> Result<Vec<StoredImage>> {
        match &self.inner {
            Inner::Local(local) => local.images(),
            Inner::Remote(remote) => remote!(remote, Request::Images, Images),
        }
    }

    pub fn image(&self, name: &str) -> Result<Option<StoredImage>> {
        match &self.inner {
            Inner::Local(local) => local.image(name),
            Inner::Remote(remote) => remote!(remote, Request::Image(name.to_string()), Image),
        }
    }

    /// Adds an image under a new name; a name is never reused for other bytes.
    pub fn add_image(&self, image: &StoredImage) -> Result<()> {
        match &self.inner {
            Inner::Local(local) => local.add_image(image),
            Inner::Remote(remote) => done(remote.call(Request::AddImage(image.clone()))?),
        }
    }
}
