//! Recognising contact details among vendor-defined keys (Starleads' DataBag, Autocalls'
//! input variables, Atoms' variables, a Callab template): `firstname`, `First Name`,
//! `customer_name`, `email`, `phone_number` … each land in their [`Contact`] field.
//!
//! Keys are compared lower-cased with spaces, `_`, `-` and `.` removed. French spellings are
//! included because Starleads campaigns are often French (`prenom`, `nom`, `ville`).

use crate::event::Contact;
use crate::field::fold::{drop_separators, Folded};
use crate::reader::{Node, Obj};
use serde_json::Map;

/// A contact field a key can name.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ContactKey {
    /// `contact.id`
    Id,
    /// `contact.name`
    Name,
    /// `contact.first_name`
    FirstName,
    /// `contact.last_name`
    LastName,
    /// `contact.email`
    Email,
    /// `contact.phone`
    Phone,
    /// `contact.city`
    City,
    /// `contact.region`
    Region,
    /// `contact.country`
    Country,
}

const KEYS: [(ContactKey, &[&str]); 9] = [
    (ContactKey::Id, &["id", "contactid", "leadid", "customerid"]),
    (
        ContactKey::Name,
        &[
            "name",
            "fullname",
            "contactname",
            "customername",
            "leadname",
            "callername",
            "clientname",
            "nomcomplet",
        ],
    ),
    (
        ContactKey::FirstName,
        &[
            "firstname",
            "first",
            "givenname",
            "fname",
            "prenom",
            "prénom",
        ],
    ),
    (
        ContactKey::LastName,
        &["lastname", "last", "surname", "familyname", "lname", "nom"],
    ),
    (
        ContactKey::Email,
        &[
            "email",
            "mail",
            "emailaddress",
            "courriel",
            "contactemail",
            "customeremail",
        ],
    ),
    (
        ContactKey::Phone,
        &[
            "phone",
            "phonenumber",
            "telephone",
            "téléphone",
            "tel",
            "mobile",
            "cell",
            "cellphone",
            "mobilephone",
            "customerphone",
            "contactphone",
            "leadphone",
        ],
    ),
    (ContactKey::City, &["city", "ville", "town"]),
    (ContactKey::Region, &["state", "region", "province"]),
    (ContactKey::Country, &["country", "pays", "countrycode"]),
];

/// The contact field `key` names, if any.
pub fn classify(key: &str) -> Option<ContactKey> {
    // Dots too: `contact.email`.
    let separator = |c| drop_separators(c).filter(|c| *c != '.');
    let folded = Folded::new(key, separator);
    KEYS.iter()
        .find(|(_, names)| folded.is_one_of(names))
        .map(|(field, _)| *field)
}

/// How a map's members relate to the contact.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Absorb {
    /// The map describes the contact (DataBag, input variables): recognised members fill empty
    /// contact fields and every other member goes to `contact.fields`.
    Move,
    /// The map is kept whole elsewhere (`variables`): recognised members only fill empty
    /// contact fields.
    Copy,
}

/// Fills `contact` from the members of `map` not read yet.
pub fn absorb(contact: &mut Contact, map: &Obj<'_>, how: Absorb) {
    let mut fields = Map::new();
    map.for_each_rest(|key, node| {
        let placed = classify(key).is_some_and(|field| fill(contact, field, &node));
        if how == Absorb::Move && !placed {
            fields.insert(key.to_owned(), node.json());
        }
    });
    contact.fields.append(&mut fields);
}

/// Sets one contact field from `node` when that field is still empty and the node holds text.
fn fill(contact: &mut Contact, field: ContactKey, node: &Node<'_>) -> bool {
    if node.value.as_str().is_none_or(|s| s.trim().is_empty()) && !is_number(node) {
        return false;
    }
    let slot = match field {
        ContactKey::Phone => {
            if contact.phone.is_some() {
                return false;
            }
            contact.phone = node.phone();
            return contact.phone.is_some();
        }
        ContactKey::Id => &mut contact.id,
        ContactKey::Name => &mut contact.name,
        ContactKey::FirstName => &mut contact.first_name,
        ContactKey::LastName => &mut contact.last_name,
        ContactKey::Email => &mut contact.email,
        ContactKey::City => &mut contact.city,
        ContactKey::Region => &mut contact.region,
        ContactKey::Country => &mut contact.country,
    };
    if slot.is_some() {
        return false;
    }
    *slot = node.string();
    slot.is_some()
}

fn is_number(node: &Node<'_>) -> bool {
    matches!(node.value, crate::json::Value::Number(_))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn recognises_vendor_spellings() {
        let cases = [
            ("firstname", Some(ContactKey::FirstName)),
            ("First Name", Some(ContactKey::FirstName)),
            ("prénom", Some(ContactKey::FirstName)),
            ("last_name", Some(ContactKey::LastName)),
            ("customer_name", Some(ContactKey::Name)),
            ("E-Mail", Some(ContactKey::Email)),
            ("phone_number", Some(ContactKey::Phone)),
            ("id", Some(ContactKey::Id)),
            ("state", Some(ContactKey::Region)),
            ("due_amount", None),
            ("agent_name", None),
            ("", None),
        ];
        for (key, expected) in cases {
            assert_eq!(classify(key), expected, "{key}");
        }
    }
}
