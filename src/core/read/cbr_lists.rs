//! CBR's vault list (`{"count", "vaults", "limit", "offset"}`) and policy list
//! (`{"count", "policies"}`), read as the task list is: required members checked, a member given
//! twice refused, unknown ones (a policy's `trigger`, a vault's `tags`, …) skipped without
//! recursion.

use super::cbr::{count, empty_if_null, timestamp};
use super::{read_body, Reader};
use crate::core::cbr::model::ResourceType;
use crate::core::cbr::vaults::{
    AssociatedVault, CbrPolicy, CbrPolicyList, Vault, VaultBilling, VaultList, VaultResource,
};
use crate::core::error::Error;

const VAULT_LIST_FIELDS: [&str; 4] = ["count", "vaults", "limit", "offset"];

/// Decodes a vault-list body that is already known to be UTF-8.
pub(crate) fn read_vaults(text: &str) -> Result<VaultList, Error> {
    read_body(text, |reader| {
        let mut list = VaultList::default();
        let seen = reader.members(
            "the vault list object",
            &VAULT_LIST_FIELDS,
            |reader, field| {
                match field {
                    0 => list.count = reader.whole_number("a whole number of vaults", u64::MAX)?,
                    1 => list.vaults = reader.array_of("an array of vaults", 0, vault)?,
                    2 => list.limit = count(reader)?,
                    _ => list.offset = count(reader)?,
                }
                Ok(())
            },
        )?;
        reader.require(seen, &VAULT_LIST_FIELDS, 2)?;
        Ok(list)
    })
}

const VAULT_FIELDS: [&str; 8] = [
    "id",
    "name",
    "project_id",
    "provider_id",
    "enterprise_project_id",
    "created_at",
    "billing",
    "resources",
];

/// A vault: only its ID and name are required (what a filter shows of it).
fn vault(reader: &mut Reader<'_>) -> Result<Vault, Error> {
    let mut vault = Vault::default();
    let seen = reader.members("a vault object", &VAULT_FIELDS, |reader, field| {
        match field {
            0 => vault.id = reader.text()?,
            1 => vault.name = reader.text()?,
            2 => vault.project_id = empty_if_null(reader)?,
            3 => vault.provider_id = empty_if_null(reader)?,
            4 => vault.enterprise_project_id = reader.or_null(Reader::text)?,
            5 => vault.created_at = reader.or_null(timestamp)?,
            6 => vault.billing = reader.or_null(billing)?,
            _ => {
                vault.resources = reader
                    .or_null(|reader| reader.array_of("an array of resources", 0, vault_resource))?
                    .unwrap_or_default()
            }
        }
        Ok(())
    })?;
    reader.require(seen, &VAULT_FIELDS, 2)?;
    Ok(vault)
}

const BILLING_FIELDS: [&str; 5] = ["object_type", "protect_type", "status", "size", "used"];

fn billing(reader: &mut Reader<'_>) -> Result<VaultBilling, Error> {
    let mut billing = VaultBilling::default();
    reader.members("a billing object", &BILLING_FIELDS, |reader, field| {
        match field {
            0 => billing.object_type = reader.or_null(Reader::text)?,
            1 => billing.protect_type = reader.or_null(Reader::text)?,
            2 => billing.status = reader.or_null(Reader::text)?,
            3 => billing.size = reader.or_null(size)?,
            _ => billing.used = reader.or_null(size)?,
        }
        Ok(())
    })?;
    Ok(billing)
}

fn size(reader: &mut Reader<'_>) -> Result<u64, Error> {
    reader.whole_number("a whole number of GB", u64::MAX)
}

const RESOURCE_FIELDS: [&str; 4] = ["id", "type", "name", "protect_status"];

fn vault_resource(reader: &mut Reader<'_>) -> Result<VaultResource, Error> {
    let mut resource = VaultResource::new(String::new(), ResourceType::Unknown(String::new()));
    let seen = reader.members("a resource object", &RESOURCE_FIELDS, |reader, field| {
        match field {
            0 => resource.id = reader.text()?,
            1 => resource.resource_type = ResourceType::from_wire(&reader.string_value()?),
            2 => resource.name = reader.or_null(Reader::text)?,
            _ => resource.protect_status = reader.or_null(Reader::text)?,
        }
        Ok(())
    })?;
    reader.require(seen, &RESOURCE_FIELDS, 1)?;
    Ok(resource)
}

const POLICY_LIST_FIELDS: [&str; 2] = ["count", "policies"];

/// Decodes a policy-list body that is already known to be UTF-8.
pub(crate) fn read_policies(text: &str) -> Result<CbrPolicyList, Error> {
    read_body(text, |reader| {
        let mut list = CbrPolicyList::default();
        let seen = reader.members(
            "the policy list object",
            &POLICY_LIST_FIELDS,
            |reader, field| {
                match field {
                    0 => {
                        list.count = reader.whole_number("a whole number of policies", u64::MAX)?
                    }
                    _ => list.policies = reader.array_of("an array of policies", 0, policy)?,
                }
                Ok(())
            },
        )?;
        reader.require(seen, &POLICY_LIST_FIELDS, 2)?;
        Ok(list)
    })
}

const POLICY_FIELDS: [&str; 6] = [
    "id",
    "name",
    "operation_type",
    "enabled",
    "policy_type",
    "associated_vaults",
];

/// A policy: its ID and name are required; `enabled` absent or `null` reads as off.
fn policy(reader: &mut Reader<'_>) -> Result<CbrPolicy, Error> {
    let mut policy = CbrPolicy::default();
    let seen = reader.members("a policy object", &POLICY_FIELDS, |reader, field| {
        match field {
            0 => policy.id = reader.text()?,
            1 => policy.name = reader.text()?,
            2 => policy.operation_type = empty_if_null(reader)?,
            3 => policy.enabled = reader.or_null(Reader::boolean)?.unwrap_or(false),
            4 => policy.policy_type = reader.or_null(Reader::text)?,
            _ => {
                policy.associated_vaults = reader
                    .or_null(|reader| {
                        reader.array_of("an array of associated vaults", 0, associated_vault)
                    })?
                    .unwrap_or_default()
            }
        }
        Ok(())
    })?;
    reader.require(seen, &POLICY_FIELDS, 2)?;
    Ok(policy)
}

fn associated_vault(reader: &mut Reader<'_>) -> Result<AssociatedVault, Error> {
    const FIELDS: [&str; 2] = ["vault_id", "destination_vault_id"];
    let mut vault = AssociatedVault::default();
    let seen = reader.members("an associated vault object", &FIELDS, |reader, field| {
        match field {
            0 => vault.vault_id = reader.text()?,
            _ => vault.destination_vault_id = reader.or_null(Reader::text)?,
        }
        Ok(())
    })?;
    reader.require(seen, &FIELDS, 1)?;
    Ok(vault)
}
