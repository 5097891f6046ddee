//! Stored mappings, editable without a redeploy.

use super::Store;
use worker::Result;

impl Store {
    /// The stored mapping of a vendor (JSON text), if any.
    pub async fn mapping(&self, vendor: &str) -> Result<Option<String>> {
        self.db
            .prepare("SELECT mapping FROM mappings WHERE vendor = ?1")
            .bind(&[vendor.into()])?
            .first(Some("mapping"))
            .await
    }

    /// Stores (or replaces) a vendor's mapping.
    pub async fn set_mapping(&self, vendor: &str, mapping: &str, at: &str) -> Result<()> {
        let sql = "INSERT INTO mappings (vendor, mapping, updated_at) VALUES (?1, ?2, ?3) \
             ON CONFLICT (vendor) DO UPDATE \
             SET mapping = excluded.mapping, updated_at = excluded.updated_at";
        self.execute(sql, &[vendor.into(), mapping.into(), at.into()])
            .await
    }
}
