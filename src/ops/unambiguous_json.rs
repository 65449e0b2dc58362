//! JSON read so that no two readers can read it differently: a member named twice in one
//! object is refused. serde_json keeps the last of two, a person or another library may keep
//! the first, so a copy with `"value": "100.0%"` then `"value": "92.0%"` compared as equal
//! to a signed 92.0% while showing 100.0%.

use serde::de::{Deserialize, Deserializer, Error, MapAccess, SeqAccess, Visitor};
use serde_json::{Map, Value};

/// `json` as a value, unless it is no JSON or names a member twice in one object.
pub fn unambiguous(json: &[u8]) -> Option<Value> {
    serde_json::from_slice::<Unambiguous>(json).ok().map(|read| read.0)
}

struct Unambiguous(Value);

impl<'de> Deserialize<'de> for Unambiguous {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Unambiguous, D::Error> {
        deserializer.deserialize_any(Reader).map(Unambiguous)
    }
}

struct Reader;

impl<'de> Visitor<'de> for Reader {
    type Value = Value;

    fn expecting(&self, formatter: &mut std::fmt::Formatter) -> std::fmt::Result {
        formatter.write_str("a JSON value")
    }

    fn visit_bool<E: Error>(self, value: bool) -> Result<Value, E> {
        Ok(Value::Bool(value))
    }

    fn visit_i64<E: Error>(self, value: i64) -> Result<Value, E> {
        Ok(Value::from(value))
    }

    fn visit_u64<E: Error>(self, value: u64) -> Result<Value, E> {
        Ok(Value::from(value))
    }

    fn visit_f64<E: Error>(self, value: f64) -> Result<Value, E> {
        Ok(Value::from(value))
    }

    fn visit_str<E: Error>(self, value: &str) -> Result<Value, E> {
        Ok(Value::String(value.to_string()))
    }

    fn visit_string<E: Error>(self, value: String) -> Result<Value, E> {
        Ok(Value::String(value))
    }

    fn visit_unit<E: Error>(self) -> Result<Value, E> {
        Ok(Value::Null)
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut items: A) -> Result<Value, A::Error> {
        let mut values = Vec::new();
        while let Some(Unambiguous(value)) = items.next_element()? {
            values.push(value);
        }
        Ok(Value::Array(values))
    }

    fn visit_map<A: MapAccess<'de>>(self, mut members: A) -> Result<Value, A::Error> {
        let mut map = Map::new();
        while let Some((name, Unambiguous(value))) = members.next_entry::<String, Unambiguous>()? {
            if map.contains_key(&name) {
                return Err(A::Error::custom(format!("the member \"{name}\" is named twice in one object")));
            }
            map.insert(name, value);
        }
        Ok(Value::Object(map))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_member_named_twice_is_refused_wherever_it_is_and_the_rest_reads_as_serde_json_does() {
        let plain = br#"{"a": [1, -2, 3.5, "x", null, true, {"b": {}}], "c": "\u00e9"}"#;
        assert_eq!(unambiguous(plain), serde_json::from_slice(plain).ok());
        assert_eq!(unambiguous(br#"{"value": "100.0%", "value": "92.0%"}"#), None);
        assert_eq!(unambiguous(br#"{"r": [{"v": 1, "w": 2, "v": 1}]}"#), None, "nested, even with one value");
        assert_eq!(unambiguous(b"{\"a\": 1"), None, "no JSON");
    }
}
