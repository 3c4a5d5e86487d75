/// The body of `/describe`: `{"descriptions":[{"text":"…"}]}`.
public struct DescribeResponse: Codable, Sendable, Equatable {
    public typealias Description = IdeogramAPI.Description

    public var descriptions: [Description]

    public init(descriptions: [Description]) {
        self.descriptions = descriptions
    }
}
