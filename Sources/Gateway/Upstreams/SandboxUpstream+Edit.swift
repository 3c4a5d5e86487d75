import IdeogramAPI
import SandboxRenderer

/// How the sandbox renders `/v1/edit`, `/v1/edit-lite` and the ideogram-3 reframe.
extension SandboxUpstream {
    /// A prompt edit has no mask: the sandbox shows it as a remix of the first image that keeps
    /// most of it (`promptEditWeight`), so the answer is recognisably "that picture, changed",
    /// where a maskless inpaint would repaint everything. The reframe is the renderer's own
    /// reframe: the source centred, the new area filled.
    static func editKind(_ operation: IdeogramAPI.Operation) -> RenderJob.Kind {
        operation == .v2Reframe3 ? .reframe : .remix
    }

    /// How much of the edited image survives a sandbox prompt edit (remix weight, 1…100).
    static let promptEditWeight = 75
}
