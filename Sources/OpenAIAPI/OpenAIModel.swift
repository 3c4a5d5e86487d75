import Foundation
import IdeogramAPI
import NIOCore

/// A model name of the OpenAI-compatible surface and the native Ideogram call it stands for.
///
/// OpenAI clients pick a model by name and a speed by `quality`; Ideogram picks V3 speed by
/// `rendering_speed` and legacy speed by the model itself (`V_2` vs `V_2_TURBO`). A name either
/// leaves the speed to `quality` (`ideogram-v3`, `ideogram-v2`) or pins it (`…-turbo`, `…-quality`).
public struct OpenAIModel: Sendable, Equatable {
    public enum Family: Sendable, Equatable {
        /// Ideogram 3.0 endpoints; `pinned` overrides `quality`.
        case v3(pinned: RenderingSpeed?)
        /// Legacy endpoints with `model`; `turbo` is the variant `quality: low` selects, nil when pinned.
        case legacy(LegacyModel, turbo: LegacyModel?)
        /// Ideogram 4 (`/v1/ideogram-v4/generate`) or 4.5 (`/v1/ideogram-v45/generate`): one
        /// image per request, `text_prompt`, speed from `quality`, sizes from `ResolutionV4`.
        case v4(IdeogramAPI.Operation)
    }

    public let id: String
    public let family: Family

    public static let defaultID = "ideogram-v3"

    public static let all: [OpenAIModel] = [
        OpenAIModel(id: "ideogram-v3", family: .v3(pinned: nil)),
        OpenAIModel(id: "ideogram-v3-turbo", family: .v3(pinned: .turbo)),
        OpenAIModel(id: "ideogram-v3-quality", family: .v3(pinned: .quality)),
        OpenAIModel(id: "ideogram-v2", family: .legacy(.V_2, turbo: .V_2_TURBO)),
        OpenAIModel(id: "ideogram-v2-turbo", family: .legacy(.V_2_TURBO, turbo: nil)),
        OpenAIModel(id: "ideogram-v2a", family: .legacy(.V_2A, turbo: .V_2A_TURBO)),
        OpenAIModel(id: "ideogram-v2a-turbo", family: .legacy(.V_2A_TURBO, turbo: nil)),
        OpenAIModel(id: "ideogram-v4", family: .v4(.v4Generate)),
        OpenAIModel(id: "ideogram-v4-5", family: .v4(.v45Generate)),
    ]

    /// Ideogram's own model names, which clients built for Ideogram (or for relays that take
    /// them) send as `model`. Accepted, not listed: each stands for the listed model that runs
    /// the same native call. `V_3` is Ideogram 3.0 (the /v1/ideogram-v3 endpoints; the legacy
    /// endpoints do not document it); the others pin their exact legacy model.
    public static let ideogramNames: [String: OpenAIModel] = [
        "V_3": OpenAIModel(id: "ideogram-v3", family: .v3(pinned: nil)),
        "V_2": OpenAIModel(id: "ideogram-v2", family: .legacy(.V_2, turbo: nil)),
        "V_2_TURBO": OpenAIModel(id: "ideogram-v2-turbo", family: .legacy(.V_2_TURBO, turbo: nil)),
        "V_2A": OpenAIModel(id: "ideogram-v2a", family: .legacy(.V_2A, turbo: nil)),
        "V_2A_TURBO": OpenAIModel(id: "ideogram-v2a-turbo", family: .legacy(.V_2A_TURBO, turbo: nil)),
        "V_1": OpenAIModel(id: "ideogram-v1", family: .legacy(.V_1, turbo: nil)),
        "V_1_TURBO": OpenAIModel(id: "ideogram-v1-turbo", family: .legacy(.V_1_TURBO, turbo: nil)),
    ]

    /// The model `name` names (absent or empty means the default), or a 400 `model_not_found`.
    public static func named(_ name: String?) throws(OpenAIRequestError) -> OpenAIModel {
        let id = (name?.isEmpty ?? true) ? defaultID : (name ?? defaultID)
        if let model = all.first(where: { $0.id == id.lowercased() }) { return model }
        if let model = ideogramNames[id.uppercased()] { return model }
        throw OpenAIRequestError.invalid(
            "model", "model_not_found",
            "The model '\(id)' does not exist. Available: \(all.map(\.id).joined(separator: ", ")), "
                + "or Ideogram's own names \(ideogramNames.keys.sorted().joined(separator: ", ")).")
    }

    /// The legacy `model` value once `quality` is applied: `low` picks the turbo variant.
    public func legacyModel(quality: RenderingSpeed?) -> LegacyModel? {
        guard case .legacy(let base, let turbo) = family else { return nil }
        if quality == .turbo, let turbo { return turbo }
        return base
    }

    /// The V3 `rendering_speed` once `quality` is applied; nil for legacy and V4 models.
    public func renderingSpeed(quality: RenderingSpeed?) -> RenderingSpeed? {
        guard case .v3(let pinned) = family else { return nil }
        return pinned ?? quality ?? .default
    }

    /// The Ideogram 4 / 4.5 operation this model calls; nil for the other families.
    public var v4Operation: IdeogramAPI.Operation? {
        if case .v4(let operation) = family { return operation }
        return nil
    }

    /// The model a request body names, checked before anything else about the request — also
    /// before the key (`OpenAIRoutes`): a client that names a model the gateway lacks learns that
    /// first, whatever else is wrong. A body that is not JSON is left to the full parse.
    public static func check(body: ByteBuffer) throws(OpenAIRequestError) {
        guard case .object(let object)? = try? JSONParser.parse(body) else { return }
        if case .string(let name)? = object["model"] { _ = try named(name) }
    }
}
