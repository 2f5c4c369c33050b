//! The schema constructs of `specs/features.yaml`, as generated types.

use apigen_runtime::Nullable;
use apigen_tests::features::models::*;
use serde_json::json;

#[test]
fn a_discriminator_picks_the_variant_and_keeps_the_tag() {
    let dog: Pet =
        serde_json::from_value(json!({"petType": "dog", "name": "Rex", "bark": "loud"})).unwrap();
    let Pet::Dog(inner) = &dog else {
        panic!("{dog:?}")
    };
    assert_eq!(inner.bark, DogBark::Loud);
    assert_eq!(serde_json::to_value(&dog).unwrap()["petType"], "dog");
    // A cat-shaped body under the dog tag is a dog without its required `bark`: an error.
    let wrong =
        serde_json::from_value::<Pet>(json!({"petType": "dog", "name": "Tom", "hunts": true}));
    assert!(wrong.unwrap_err().to_string().contains("bark"));
    let unknown = serde_json::from_value::<Pet>(json!({"petType": "cow", "name": "Milka"}));
    assert!(unknown
        .unwrap_err()
        .to_string()
        .contains("unknown `petType` value `cow`"));
}

#[test]
fn all_of_merges_into_one_struct() {
    let cat = Cat {
        pet_type: "cat".into(),
        name: "Tom".into(),
        hunts: Some(true),
    };
    assert_eq!(
        serde_json::to_value(&cat).unwrap(),
        json!({"petType": "cat", "name": "Tom", "hunts": true})
    );
}

#[test]
fn recursive_types_are_boxed_only_where_needed() {
    // `Vec` already allocates: no box. A direct self-reference needs one.
    let tree = Tree {
        value: 1,
        children: Some(vec![Tree {
            value: 2,
            children: None,
        }]),
    };
    assert_eq!(tree.children.as_ref().unwrap().len(), 1);
    let list = LinkedNode {
        next: Some(Box::new(LinkedNode { next: None })),
    };
    assert!(list.next.is_some());
}

#[test]
fn names_are_valid_stable_and_keep_the_wire_name() {
    let thing: Thing = serde_json::from_value(json!({
        "id": "3fa85f64-5717-4562-b3fc-2c963f66afa6", "type": "t", "self": "s", "match": 1,
        "foo-bar": "dash", "foo_bar": "underscore", "1st place": "gold", "+1": 5, "-1": 0
    }))
    .unwrap();
    assert_eq!(thing.r#type, "t");
    assert_eq!(thing.self_.as_deref(), Some("s"));
    assert_eq!(thing.foo_bar.as_deref(), Some("underscore"));
    assert_eq!(thing.foo_bar_2.as_deref(), Some("dash"));
    assert_eq!(thing._1st_place.as_deref(), Some("gold"));
    assert_eq!((thing.plus_1, thing.minus_1), (Some(5), Some(0)));
    // Schema names that collide with each other or with std types are renamed, not dropped.
    let _: FooBar = 1i64;
    let _: FooBar2 = String::from("x");
    assert_eq!(String2::ALL.len(), 2);
}

#[test]
fn odd_names_and_extreme_values_round_trip() {
    let text = json!({
        "additional_properties": "declared", "é": "e", "имя": "name",
        "extreme": -9223372036854775808i64, "other": 5
    });
    let odd: Odd = serde_json::from_value(text.clone()).unwrap();
    // The declared property keeps the plain name; the map of the others is numbered.
    assert_eq!(odd.additional_properties.as_deref(), Some("declared"));
    assert_eq!(odd.additional_properties_2.get("other"), Some(&5));
    // Non-ASCII names are transliterated, not dropped to `value`.
    assert_eq!(
        (odd.e.as_deref(), odd.imia.as_deref()),
        (Some("e"), Some("name"))
    );
    assert_eq!(i64::from(odd.extreme.unwrap()), i64::MIN);
    assert_eq!(serde_json::to_value(&odd).unwrap(), text);
}

#[test]
fn formats_maps_and_nested_arrays_have_real_types() {
    let thing: Thing = serde_json::from_value(json!({
        "type": "t", "created": "2024-02-29T12:00:00Z", "day": "2024-02-29", "small": 7,
        "grid": [[1, 2], [3]], "labels": {"a": "x", "b": null}, "extra": {"k": 1, "more": true},
        "choice": "twelve", "either": {"kind": "number", "number": 1.5}
    }))
    .unwrap();
    assert_eq!(thing.created.unwrap().as_str(), "2024-02-29T12:00:00Z");
    assert_eq!(thing.grid.unwrap(), vec![vec![1, 2], vec![3]]);
    let labels = thing.labels.unwrap();
    assert_eq!(labels["b"], None);
    let extra = thing.extra.unwrap();
    assert_eq!(extra.additional_properties["more"], json!(true));
    assert_eq!(thing.choice, Some(ThingChoice::String("twelve".into())));
    assert!(matches!(thing.either, Some(ThingEither::Number(_))));
    let bad_date = serde_json::from_value::<Thing>(json!({"type": "t", "day": "2023-02-29"}));
    assert!(bad_date
        .unwrap_err()
        .to_string()
        .contains("not a valid date"));
}

#[test]
fn read_only_properties_may_be_left_out_of_requests() {
    // `id` is required but read-only: a request body without it is fine.
    let thing: Thing = serde_json::from_value(json!({"type": "t"})).unwrap();
    assert_eq!(thing.id, None);
    assert!(thing.patch.is_absent());
    let cleared: Thing = serde_json::from_value(json!({"type": "t", "patch": null})).unwrap();
    assert_eq!(cleared.patch, Nullable::Null);
}
