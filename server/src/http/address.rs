//! Which address a request comes from: the peer's, unless the peer is a
//! reverse proxy named in `XIESHANG_TRUSTED_PROXIES`, in which case the
//! nearest address in `X-Forwarded-For` that is not a trusted proxy itself.
//! A client can write anything in that header; only what trusted proxies
//! appended is believed.

use std::net::IpAddr;

/// Trusted reverse proxies: addresses, or ranges in CIDR notation.
#[derive(Debug, Clone, Default)]
pub struct Proxies(Vec<(IpAddr, u8)>);

impl Proxies {
    /// Parses `10.0.0.1`, `10.0.0.0/8`, `::1` or `fd00::/8` items.
    pub fn parse(items: &[String]) -> Result<Proxies, String> {
        let mut ranges = Vec::new();
        for item in items.iter().map(|i| i.trim()).filter(|i| !i.is_empty()) {
            let (address, bits) = match item.split_once('/') {
                Some((address, bits)) => (address, Some(bits)),
                None => (item, None),
            };
            let address: IpAddr = address
                .parse()
                .map_err(|_| format!("{item:?} is not an address or a CIDR range"))?;
            let max = if address.is_ipv4() { 32 } else { 128 };
            let bits = match bits {
                Some(bits) => bits
                    .parse::<u8>()
                    .ok()
                    .filter(|b| *b <= max)
                    .ok_or_else(|| format!("{item:?} has a bad prefix length"))?,
                None => max,
            };
            ranges.push((address, bits));
        }
        Ok(Proxies(ranges))
    }

    fn trusts(&self, address: IpAddr) -> bool {
        self.0
            .iter()
            .any(|(range, bits)| within(address, *range, *bits))
    }

    /// The client's address: walking `X-Forwarded-For` from the right while
    /// the hop is a trusted proxy.
    pub fn client(&self, peer: IpAddr, forwarded_for: Option<&str>) -> IpAddr {
        if !self.trusts(peer) {
            return peer;
        }
        let hops = forwarded_for.unwrap_or_default().split(',').rev();
        let mut client = peer;
        for hop in hops {
            let Ok(address) = hop.trim().parse::<IpAddr>() else {
                break;
            };
            client = address;
            if !self.trusts(address) {
                break;
            }
        }
        client
    }
}

fn within(address: IpAddr, range: IpAddr, bits: u8) -> bool {
    let (address, range, width) = match (address, range) {
        (IpAddr::V4(a), IpAddr::V4(r)) => (u128::from(a.to_bits()), u128::from(r.to_bits()), 32),
        (IpAddr::V6(a), IpAddr::V6(r)) => (a.to_bits(), r.to_bits(), 128),
        _ => return false,
    };
    let shift = width - u32::from(bits);
    shift >= width || (address >> shift) == (range >> shift)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ip(text: &str) -> IpAddr {
        text.parse().unwrap()
    }

    fn proxies(items: &[&str]) -> Proxies {
        Proxies::parse(&items.iter().map(|i| i.to_string()).collect::<Vec<_>>()).unwrap()
    }

    #[test]
    fn an_untrusted_peer_is_the_client_whatever_it_forwards() {
        let none = Proxies::default();
        assert_eq!(
            none.client(ip("203.0.113.9"), Some("10.1.1.1")),
            ip("203.0.113.9")
        );
    }

    #[test]
    fn a_trusted_proxy_names_the_nearest_untrusted_hop() {
        let trusted = proxies(&["10.0.0.0/8", "127.0.0.1"]);
        let forwarded = Some("1.2.3.4, 198.51.100.7, 10.0.0.5");
        assert_eq!(
            trusted.client(ip("127.0.0.1"), forwarded),
            ip("198.51.100.7")
        );
        assert_eq!(trusted.client(ip("127.0.0.1"), None), ip("127.0.0.1"));
        assert_eq!(
            trusted.client(ip("127.0.0.1"), Some("garbage")),
            ip("127.0.0.1")
        );
    }

    #[test]
    fn ranges_and_bad_items() {
        let trusted = proxies(&["fd00::/8", "192.168.1.0/24"]);
        assert!(trusted.trusts(ip("fd12::1")));
        assert!(trusted.trusts(ip("192.168.1.200")));
        assert!(!trusted.trusts(ip("192.168.2.1")));
        assert!(!trusted.trusts(ip("fe80::1")));
        assert!(proxies(&["0.0.0.0/0"]).trusts(ip("8.8.8.8")));
        assert!(Proxies::parse(&["10.0.0.0/33".into()]).is_err());
        assert!(Proxies::parse(&["proxy.local".into()]).is_err());
    }
}
