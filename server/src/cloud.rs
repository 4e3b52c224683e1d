//! The clouds the server knows: for each, where its services answer in a region, and its known
//! regions. One table ([`CLOUDS`]), read by the command line (`--cloud`, `--region`), the targets
//! file and the tests.
//!
//! A service's address is a template per service ([`Service`]) with a `{region}` placeholder, so a
//! service the server comes to use later is one more row of templates, not a new shape.

use std::fmt;

/// A service of a cloud the server calls.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Service {
    /// Volume Backup Service: the API the viewer reads.
    Vbs,
    /// Identity and Access Management: where a region's project is found.
    Iam,
    /// Cloud Backup and Recovery: VBS's successor, whose task list the viewer reads too.
    Cbr,
}

impl Service {
    /// Its short name, as the user sees it in messages.
    pub fn name(self) -> &'static str {
        match self {
            Service::Vbs => "VBS",
            Service::Iam => "IAM",
            Service::Cbr => "CBR",
        }
    }
}

/// A cloud built on the same stack: its name on the command line and in targets files, the
/// address template of each service, and the regions it is known to have.
#[derive(Debug, PartialEq, Eq)]
pub struct Cloud {
    /// `huawei`, `otc`, `flexibleengine`.
    pub name: &'static str,
    /// Who runs it, for messages.
    pub operator: &'static str,
    /// Per service, its endpoint; `{region}` stands for the region.
    pub endpoints: &'static [(Service, &'static str)],
    /// The regions known when this table was written.
    pub regions: &'static [&'static str],
}

/// Every cloud the server knows.
pub const CLOUDS: &[Cloud] = &[
    Cloud {
        name: "huawei",
        operator: "Huawei Cloud",
        endpoints: &[
            (Service::Vbs, "https://vbs.{region}.myhuaweicloud.com"),
            // Every region of the vendor's SDK table follows this (CBR contract §9).
            (Service::Cbr, "https://cbr.{region}.myhuaweicloud.com"),
            // One global IAM endpoint answers for every region's projects.
            (Service::Iam, "https://iam.myhuaweicloud.com"),
        ],
        regions: &[
            "cn-north-4",
            "cn-north-1",
            "cn-north-2",
            "cn-north-9",
            "cn-east-3",
            "cn-east-2",
            "cn-south-1",
            "cn-south-2",
            "cn-southwest-2",
            "ap-southeast-1",
            "ap-southeast-2",
            "ap-southeast-3",
            "ap-southeast-4",
            "af-south-1",
            "la-north-2",
            "la-south-2",
            "na-mexico-1",
            "sa-brazil-1",
            "tr-west-1",
            "me-east-1",
        ],
    },
    Cloud {
        name: "otc",
        operator: "Open Telekom Cloud",
        endpoints: &[
            (Service::Vbs, "https://vbs.{region}.otc.t-systems.com"),
            (Service::Cbr, "https://cbr.{region}.otc.t-systems.com"),
            (Service::Iam, "https://iam.{region}.otc.t-systems.com"),
        ],
        regions: &["eu-de", "eu-nl"],
    },
    Cloud {
        name: "flexibleengine",
        operator: "Orange Flexible Engine",
        endpoints: &[
            (
                Service::Vbs,
                "https://vbs.{region}.prod-cloud-ocb.orange-business.com",
            ),
            (
                Service::Iam,
                "https://iam.{region}.prod-cloud-ocb.orange-business.com",
            ),
            (
                Service::Cbr,
                "https://cbr.{region}.prod-cloud-ocb.orange-business.com",
            ),
        ],
        regions: &["eu-west-0", "eu-west-2"],
    },
];

/// The longest region name accepted (the known ones are at most 14 characters).
pub const MAX_REGION_LEN: usize = 32;

/// Why a cloud or a region was refused. The message lists what is known.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CloudError(pub String);

impl fmt::Display for CloudError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// A region of a cloud, checked: where its services answer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Region {
    /// The cloud.
    pub cloud: &'static Cloud,
    /// The region's name (`cn-north-4`).
    pub name: String,
    /// Whether the table knows it (an unknown one is accepted with a warning, see
    /// [`Cloud::region`]).
    pub known: bool,
}

/// The cloud named `name`, or an error listing the known ones.
pub fn cloud(name: &str) -> Result<&'static Cloud, CloudError> {
    CLOUDS
        .iter()
        .find(|cloud| cloud.name == name)
        .ok_or_else(|| {
            CloudError(format!(
                "unknown cloud {:?}: known clouds are {}",
                shown(name),
                known_clouds()
            ))
        })
}

/// The names of the known clouds, for messages: `huawei, otc, flexibleengine`.
pub fn known_clouds() -> String {
    CLOUDS
        .iter()
        .map(|cloud| cloud.name)
        .collect::<Vec<_>>()
        .join(", ")
}

/// Whether `name` has a region name's form: lowercase words of letters and digits joined by
/// single hyphens, starting with a letter, at least two words (`cn-north-4`, `eu-de`). Anything
/// else (a dot, a slash, a capital, an underscore) could not be a host label of the cloud's own
/// domain, so it is refused wherever a region is read.
pub fn is_region_name(name: &str) -> bool {
    name.len() <= MAX_REGION_LEN
        && name.starts_with(|c: char| c.is_ascii_lowercase())
        && name.contains('-')
        && name.split('-').all(|word| {
            !word.is_empty()
                && word
                    .bytes()
                    .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit())
        })
}

/// What a refused region name is told: the form, never the raw text if it is long.
pub fn region_form_error(name: &str) -> CloudError {
    CloudError(format!(
        "{:?} is not a region name: a region is lowercase letters and digits in words joined by \
         hyphens, such as cn-north-4 or eu-de",
        shown(name)
    ))
}

impl Cloud {
    /// `region` of this cloud. A malformed name is refused with the list of known regions.
    ///
    /// A well-formed name the table does not list is accepted (with `known: false`, which the
    /// start reports as a warning): clouds open regions more often than this table is updated,
    /// and the name can only form a host under the cloud's own domain, so accepting it cannot
    /// send a request, or keys' signatures, anywhere else.
    pub fn region(&'static self, region: &str) -> Result<Region, CloudError> {
        if !is_region_name(region) {
            return Err(CloudError(format!(
                "{}; cloud {}'s known regions are {}",
                region_form_error(region),
                self.name,
                self.regions.join(", ")
            )));
        }
        Ok(Region {
            cloud: self,
            name: region.to_owned(),
            known: self.regions.contains(&region),
        })
    }

    /// The endpoint template of `service`, if this cloud has one.
    pub fn template(&self, service: Service) -> Option<&'static str> {
        self.endpoints
            .iter()
            .find(|(known, _)| *known == service)
            .map(|(_, template)| *template)
    }
}

impl Region {
    /// Where `service` answers in this region (`https://vbs.cn-north-4.myhuaweicloud.com`).
    pub fn endpoint(&self, service: Service) -> Result<String, CloudError> {
        self.cloud
            .template(service)
            .map(|template| template.replace("{region}", &self.name))
            .ok_or_else(|| {
                CloudError(format!(
                    "cloud {} has no {} endpoint in this server's table",
                    self.cloud.name,
                    service.name()
                ))
            })
    }

    /// The warning the start prints for a region the table does not know; `None` for a known one.
    pub fn warning(&self) -> Option<String> {
        (!self.known).then(|| {
            format!(
                "region {} is not among {}'s known regions ({}): using it as given",
                self.name,
                self.cloud.name,
                self.cloud.regions.join(", ")
            )
        })
    }
}

/// `text` as shown in a message: at most 64 characters.
fn shown(text: &str) -> String {
    text.chars().take(64).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_cloud_resolves_its_regions_to_the_exact_urls() {
        let expected = [
            (
                "huawei",
                "https://vbs.{}.myhuaweicloud.com",
                "https://iam.myhuaweicloud.com",
            ),
            (
                "otc",
                "https://vbs.{}.otc.t-systems.com",
                "https://iam.{}.otc.t-systems.com",
            ),
            (
                "flexibleengine",
                "https://vbs.{}.prod-cloud-ocb.orange-business.com",
                "https://iam.{}.prod-cloud-ocb.orange-business.com",
            ),
        ];
        assert_eq!(CLOUDS.len(), expected.len());
        for (name, vbs, iam) in expected {
            let cloud = cloud(name).unwrap();
            assert!(!cloud.regions.is_empty(), "{name}");
            for region_name in cloud.regions {
                assert!(is_region_name(region_name), "{region_name}");
                let region = cloud.region(region_name).unwrap();
                assert!(region.known && region.warning().is_none());
                assert_eq!(
                    region.endpoint(Service::Vbs).unwrap(),
                    vbs.replace("{}", region_name)
                );
                assert_eq!(
                    region.endpoint(Service::Iam).unwrap(),
                    iam.replace("{}", region_name)
                );
            }
        }
        let cn4 = cloud("huawei").unwrap().region("cn-north-4").unwrap();
        assert_eq!(
            cn4.endpoint(Service::Vbs).unwrap(),
            "https://vbs.cn-north-4.myhuaweicloud.com"
        );
        assert_eq!(cloud("otc").unwrap().regions, ["eu-de", "eu-nl"]);
        assert_eq!(
            cloud("flexibleengine").unwrap().regions,
            ["eu-west-0", "eu-west-2"]
        );
    }

    #[test]
    fn an_unknown_cloud_is_refused_with_the_known_ones() {
        for name in ["aws", "", "Huawei", "huawei "] {
            let err = cloud(name).unwrap_err().0;
            assert!(
                err.contains("known clouds are huawei, otc, flexibleengine"),
                "{err}"
            );
        }
    }

    #[test]
    fn a_malformed_region_is_refused_with_the_known_ones() {
        let otc = cloud("otc").unwrap();
        for region in [
            "CN_NORTH",
            "cn-north-4.evil.com",
            "a/b",
            "",
            "eu",
            "-eu-de",
            "eu--de",
            "eu-de-",
            "4u-de",
            "eu-dé",
            "eu-de:443",
            &"a-".repeat(20),
        ] {
            let err = otc.region(region).unwrap_err().0;
            assert!(err.contains("is not a region name"), "{region}: {err}");
            assert!(err.contains("known regions are eu-de, eu-nl"), "{err}");
        }
    }

    #[test]
    fn a_well_formed_unknown_region_is_used_with_a_warning() {
        let region = cloud("huawei").unwrap().region("cn-east-9").unwrap();
        assert!(!region.known);
        assert_eq!(
            region.endpoint(Service::Vbs).unwrap(),
            "https://vbs.cn-east-9.myhuaweicloud.com"
        );
        let warning = region.warning().unwrap();
        assert!(warning.contains("cn-east-9") && warning.contains("cn-north-4"));
    }
}
