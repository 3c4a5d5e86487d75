/// Typed reads of already-normalised fields.
struct FieldLookup {
    let fields: [String: JSONValue]

    func has(_ name: String) -> Bool { fields[name] != nil }
    func string(_ name: String) -> String? { fields[name]?.stringValue }
    func int(_ name: String) -> Int? { fields[name]?.intValue.map(Int.init) }
}
