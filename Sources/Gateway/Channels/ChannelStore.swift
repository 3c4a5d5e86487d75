/// The upstream channels the router chooses between.
public protocol ChannelStore: Sendable {
    /// Every channel, enabled or not, in a stable order.
    func channels() async throws -> [UpstreamChannel]
    func channel(id: String) async throws -> UpstreamChannel?
    func createChannel(_ channel: UpstreamChannel) async throws
    /// Replaces every column of the channel with that id; false when there is none.
    func updateChannel(_ channel: UpstreamChannel) async throws -> Bool
    /// Switches a channel on or off, keeping why (e.g. an upstream 401); false when there is none.
    func setChannelEnabled(id: String, enabled: Bool, reason: String?, at: Millis) async throws -> Bool
    func deleteChannel(id: String) async throws -> Bool
}
