//! CBR's vault and policy lists as JavaScript values (camelCase keys, a `Date` for a vault's
//! creation, optional members left out when absent, unknown values kept as their strings).

use serde::Serialize;
use wasm_bindgen::JsValue;

use super::{optional_date, to_js};
use crate::core::cbr::{
    AssociatedVault, CbrPolicy, CbrPolicyList, Vault, VaultBilling, VaultList, VaultResource,
};
use crate::core::error::Error;
use crate::core::time::Timestamp;

/// A vault: `{ id, name, projectId, providerId, enterpriseProjectId?, createdAt?, billing?,
/// resources }`.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct VaultValue<'a> {
    id: &'a str,
    name: &'a str,
    project_id: &'a str,
    provider_id: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    enterprise_project_id: Option<&'a str>,
    #[serde(
        serialize_with = "optional_date",
        skip_serializing_if = "Option::is_none"
    )]
    created_at: Option<Timestamp>,
    #[serde(skip_serializing_if = "Option::is_none")]
    billing: Option<BillingValue<'a>>,
    resources: Vec<VaultResourceValue<'a>>,
}

impl<'a> From<&'a Vault> for VaultValue<'a> {
    fn from(vault: &'a Vault) -> Self {
        VaultValue {
            id: &vault.id,
            name: &vault.name,
            project_id: &vault.project_id,
            provider_id: &vault.provider_id,
            enterprise_project_id: vault.enterprise_project_id.as_deref(),
            created_at: vault.created_at,
            billing: vault.billing.as_ref().map(BillingValue::from),
            resources: vault
                .resources
                .iter()
                .map(VaultResourceValue::from)
                .collect(),
        }
    }
}

/// A vault's `billing`: `{ objectType?, protectType?, status?, size?, used? }`.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct BillingValue<'a> {
    #[serde(skip_serializing_if = "Option::is_none")]
    object_type: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    protect_type: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    status: Option<&'a str>,
    /// JavaScript numbers, as `count` (serde's `u64` would refuse one past 2^53).
    #[serde(skip_serializing_if = "Option::is_none")]
    size: Option<f64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    used: Option<f64>,
}

impl<'a> From<&'a VaultBilling> for BillingValue<'a> {
    fn from(billing: &'a VaultBilling) -> Self {
        BillingValue {
            object_type: billing.object_type.as_deref(),
            protect_type: billing.protect_type.as_deref(),
            status: billing.status.as_deref(),
            size: billing.size.map(|size| size as f64),
            used: billing.used.map(|used| used as f64),
        }
    }
}

/// A resource bound to a vault: `{ id, name?, type, protectStatus? }`.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct VaultResourceValue<'a> {
    id: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    name: Option<&'a str>,
    #[serde(rename = "type")]
    resource_type: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    protect_status: Option<&'a str>,
}

impl<'a> From<&'a VaultResource> for VaultResourceValue<'a> {
    fn from(resource: &'a VaultResource) -> Self {
        VaultResourceValue {
            id: &resource.id,
            name: resource.name.as_deref(),
            resource_type: resource.resource_type.as_str(),
            protect_status: resource.protect_status.as_deref(),
        }
    }
}

/// A page of vaults: `{ count, vaults, limit?, offset? }`.
#[derive(Serialize)]
struct VaultListValue<'a> {
    count: f64,
    vaults: Vec<VaultValue<'a>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    limit: Option<u32>,
    #[serde(skip_serializing_if = "Option::is_none")]
    offset: Option<u32>,
}

/// A page of vaults (what `listVaults()` resolves to).
pub(crate) fn vault_list(list: &VaultList) -> Result<JsValue, Error> {
    to_js(&VaultListValue {
        count: list.count as f64,
        vaults: list.vaults.iter().map(VaultValue::from).collect(),
        limit: list.limit,
        offset: list.offset,
    })
}

/// A CBR policy: `{ id, name, operationType, enabled, policyType?, associatedVaults }`.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct CbrPolicyValue<'a> {
    id: &'a str,
    name: &'a str,
    operation_type: &'a str,
    enabled: bool,
    #[serde(skip_serializing_if = "Option::is_none")]
    policy_type: Option<&'a str>,
    associated_vaults: Vec<AssociatedVaultValue<'a>>,
}

impl<'a> From<&'a CbrPolicy> for CbrPolicyValue<'a> {
    fn from(policy: &'a CbrPolicy) -> Self {
        CbrPolicyValue {
            id: &policy.id,
            name: &policy.name,
            operation_type: &policy.operation_type,
            enabled: policy.enabled,
            policy_type: policy.policy_type.as_deref(),
            associated_vaults: policy
                .associated_vaults
                .iter()
                .map(AssociatedVaultValue::from)
                .collect(),
        }
    }
}

/// `{ vaultId, destinationVaultId? }`.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct AssociatedVaultValue<'a> {
    vault_id: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    destination_vault_id: Option<&'a str>,
}

impl<'a> From<&'a AssociatedVault> for AssociatedVaultValue<'a> {
    fn from(vault: &'a AssociatedVault) -> Self {
        AssociatedVaultValue {
            vault_id: &vault.vault_id,
            destination_vault_id: vault.destination_vault_id.as_deref(),
        }
    }
}

/// The policy list: `{ count, policies }`.
#[derive(Serialize)]
struct CbrPolicyListValue<'a> {
    count: f64,
    policies: Vec<CbrPolicyValue<'a>>,
}

/// The policy list (what `listCbrPolicies()` resolves to).
pub(crate) fn cbr_policy_list(list: &CbrPolicyList) -> Result<JsValue, Error> {
    to_js(&CbrPolicyListValue {
        count: list.count as f64,
        policies: list.policies.iter().map(CbrPolicyValue::from).collect(),
    })
}
