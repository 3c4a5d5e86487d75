import Mustache

/// The console's HTML: the Mustache templates in `Console/Templates/`, compiled into the binary
/// by `.embedInCode` (Package.swift) and parsed once into one library, so pages include the
/// shared pieces (`csrf`, `notices`, `pager`, `usage_table`, …) as partials by name.
///
/// `{{value}}` escapes; `{{{value}}}` does not and is kept for markup the console itself made
/// (a page's rendered body, the spend chart's SVG), each use commented in its template.
enum ConsoleTemplates {
    /// Every template, by the name its partials use (the file name without `.mustache`).
    enum Name: String, CaseIterable, Sendable {
        case page, csrf, notices, pager, error
        case signIn = "signin", adminSignIn = "admin_signin"
        case home, keys, usage, usageTable = "usage_table", usageFilters = "usage_filters"
        case gallery, redeem, api, playground
        case adminOverview = "admin_overview", adminAccounts = "admin_accounts", adminCodes = "admin_codes"
        case adminPrices = "admin_prices", adminChannels = "admin_channels", adminUsage = "admin_usage"
        case adminSettings = "admin_settings"

        var source: [UInt8] {
            switch self {
            case .page: PackageResources.page_mustache
            case .csrf: PackageResources.csrf_mustache
            case .notices: PackageResources.notices_mustache
            case .pager: PackageResources.pager_mustache
            case .error: PackageResources.error_mustache
            case .signIn: PackageResources.signin_mustache
            case .adminSignIn: PackageResources.admin_signin_mustache
            case .home: PackageResources.home_mustache
            case .keys: PackageResources.keys_mustache
            case .usage: PackageResources.usage_mustache
            case .usageTable: PackageResources.usage_table_mustache
            case .usageFilters: PackageResources.usage_filters_mustache
            case .gallery: PackageResources.gallery_mustache
            case .redeem: PackageResources.redeem_mustache
            case .api: PackageResources.api_mustache
            case .playground: PackageResources.playground_mustache
            case .adminOverview: PackageResources.admin_overview_mustache
            case .adminAccounts: PackageResources.admin_accounts_mustache
            case .adminCodes: PackageResources.admin_codes_mustache
            case .adminPrices: PackageResources.admin_prices_mustache
            case .adminChannels: PackageResources.admin_channels_mustache
            case .adminUsage: PackageResources.admin_usage_mustache
            case .adminSettings: PackageResources.admin_settings_mustache
            }
        }

        /// The template's text as the library parses it: the escaping pragma first, and without
        /// the file's final newline, so a partial used inside a line does not break it.
        var text: String {
            var text = String(decoding: source, as: UTF8.self)
            while text.last == "\n" { text.removeLast() }
            return "{{% CONTENT_TYPE: \(ScalarHTML.name) }}\n" + text
        }
    }

    /// Parsed on first use. The templates ship inside the binary, so one that does not parse is a
    /// programming error; `ConsoleTemplateTests` parses and renders every one to catch it first.
    static let library: MustacheLibrary = {
        do { return try load() } catch { preconditionFailure("A console template does not parse: \(error)") }
    }()

    static func load() throws -> MustacheLibrary {
        MustacheContentTypes.register(ScalarHTML(), named: ScalarHTML.name)
        var library = MustacheLibrary()
        for name in Name.allCases {
            do {
                try library.register(name.text, named: name.rawValue)
            } catch {
                throw TemplateError(name: name.rawValue, underlying: error)
            }
        }
        return library
    }

    static func render(_ name: Name, _ view: Any) -> String {
        library.render(view, withTemplate: name.rawValue) ?? ""
    }

    struct TemplateError: Error, CustomStringConvertible {
        var name: String
        var underlying: any Error
        var description: String { "\(name).mustache: \(underlying)" }
    }

    /// HTML escaping by Unicode scalar (`HTML.escape`). Mustache's built-in HTML type compares
    /// whole Characters, and a grapheme cluster can hide a quote or an angle bracket from it: `"`
    /// followed by a combining accent, or `<` after a prepended mark such as U+0600, is one
    /// Character that matches nothing and passes through raw, while the browser still reads the
    /// `"` or `<`. Every template opts into this type with the CONTENT_TYPE pragma above.
    struct ScalarHTML: MustacheContentType {
        static let name = "IDEOGATE_HTML"
        func escapeText(_ text: String) -> String { HTML.escape(text) }
    }
}
