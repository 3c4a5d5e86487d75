import IdeogramAPI
import ImageCodec

/// The seed corpora: a valid request for every native operation in each format it accepts, the
/// OpenAI requests clients send, and small images of every kind the decoders read. The committed
/// files under `Fuzz/Corpus/` are these, written by `FuzzCorpusWriterTests` when asked to.
public enum FuzzSeeds {
    public struct Seed: Sendable {
        public let target: FuzzTarget
        public let name: String
        public let bytes: [UInt8]
    }

    public static func all() -> [Seed] {
        native() + openAI() + pngs() + headers() + masks() + json()
    }

    // MARK: Images

    static func png(_ width: Int, _ height: Int, fill: RGBA = RGBA(r: 40, g: 90, b: 200)) -> [UInt8] {
        Array(PNG.encode(Raster(width: width, height: height, fill: fill)).readableBytesView)
    }

    /// Black square in the top-left corner (the part to edit), white elsewhere.
    static func mask(_ width: Int, _ height: Int) -> [UInt8] {
        var raster = Raster(width: width, height: height, fill: .white)
        for y in 0..<(height / 2) { for x in 0..<(width / 2) { raster.setPixel(x: x, y: y, .black) } }
        return Array(PNG.encode(raster, opaque: true).readableBytesView)
    }

    /// OpenAI's convention: fully transparent where to edit.
    static func alphaMask(_ width: Int, _ height: Int) -> [UInt8] {
        var raster = Raster(width: width, height: height, fill: .white)
        for y in 0..<(height / 2) { for x in 0..<(width / 2) { raster.setPixel(x: x, y: y, .clear) } }
        return Array(PNG.encode(raster).readableBytesView)
    }

    /// A JPEG's markers up to its start-of-frame: all the header sniffer reads.
    static func jpeg(_ width: Int, _ height: Int, progressive: Bool = false) -> [UInt8] {
        var bytes: [UInt8] = [0xFF, 0xD8, 0xFF, 0xE0, 0x00, 0x10] + Array("JFIF".utf8) + [0, 1, 1, 0, 0, 1, 0, 1, 0, 0]
        bytes += [0xFF, 0xDB, 0x00, 0x05, 0x00, 0x01, 0x02, 0xFF, progressive ? 0xC2 : 0xC0, 0x00, 0x11, 0x08]
        bytes += [UInt8(height >> 8), UInt8(height & 0xFF), UInt8(width >> 8), UInt8(width & 0xFF)]
        return bytes + [0x03, 0x01, 0x22, 0x00, 0x02, 0x11, 0x01, 0x03, 0x11, 0x01, 0xFF, 0xD9]
    }

    static func webp(_ fourCC: String, _ width: Int, _ height: Int) -> [UInt8] {
        func le(_ v: Int, _ n: Int) -> [UInt8] { (0..<n).map { UInt8(truncatingIfNeeded: v >> (8 * $0)) } }
        let chunk: [UInt8] = switch fourCC {
        case "VP8 ": [0x30, 0x01, 0x00, 0x9D, 0x01, 0x2A] + le(width, 2) + le(height, 2) + [0, 0, 0, 0]
        case "VP8L": [0x2F] + le((width - 1) | (height - 1) << 14, 4) + [0, 0, 0]
        default: [0x10, 0, 0, 0] + le(width - 1, 3) + le(height - 1, 3)
        }
        var body = Array("WEBP".utf8) + Array(fourCC.utf8) + le(chunk.count, 4) + chunk
        if chunk.count % 2 == 1 { body.append(0) }
        return Array("RIFF".utf8) + le(body.count, 4) + body
    }

    // MARK: Native requests

    static func native() -> [Seed] {
        let image = png(16, 16), mask = mask(16, 16)
        func form(_ build: (inout FuzzMultipart) -> Void) -> [UInt8] {
            var form = FuzzMultipart(boundary: NativeRequestInput.boundary)
            build(&form)
            return form.finished()
        }
        func seed(_ name: String, _ op: IdeogramAPI.Operation, _ mode: NativeRequestInput.ContentTypeMode, _ body: [UInt8]) -> Seed {
            Seed(target: .nativeRequest, name: name, bytes: NativeRequestInput.encode(op, mode, body: body))
        }
        let v3JSON = #"{"prompt":"a lighthouse at dusk","rendering_speed":"TURBO","num_images":2,"seed":7,"aspect_ratio":"16x9","negative_prompt":"fog","magic_prompt":"OFF","style_type":"DESIGN","color_palette":{"name":"EMBER"}}"#
        return [
            seed("v3-generate-json", .v3Generate, .json, Array(v3JSON.utf8)),
            seed("v3-generate-json-resolution", .v3Generate, .json, Array(#"{"prompt":"x","resolution":"1024x1024","style_codes":["AAAAAAAA"],"dry_run":true}"#.utf8)),
            seed("v3-generate-multipart", .v3Generate, .multipart, form {
                $0.field("prompt", "a lighthouse"); $0.field("rendering_speed", "QUALITY"); $0.field("num_images", "3")
                $0.field("style_preset", "80S_ILLUSTRATION"); $0.file("style_reference_images", image)
            }),
            seed("v3-remix", .v3Remix, .multipart, form {
                $0.field("prompt", "in winter"); $0.field("image_weight", "60"); $0.file("image", image)
            }),
            seed("v3-edit", .v3Edit, .multipart, form {
                $0.field("prompt", "a red door"); $0.field("magic_prompt", "ON"); $0.file("image", image); $0.file("mask", mask)
            }),
            seed("v3-inpaint", .v3Inpaint, .multipart, form {
                $0.field("prompt", "a cat"); $0.field("seed", "12"); $0.file("image", image); $0.file("mask", mask)
            }),
            seed("v3-reframe", .v3Reframe, .multipart, form {
                $0.field("resolution", "1024x1024"); $0.field("rendering_speed", "DEFAULT"); $0.file("image", jpeg(640, 480))
            }),
            seed("v3-replace-background", .v3ReplaceBackground, .multipart, form {
                $0.field("prompt", "a beach"); $0.file("image", webp("VP8X", 64, 48))
            }),
            seed("v3-generate-transparent-json", .v3GenerateTransparent, .json,
                 Array(#"{"prompt":"a sticker","rendering_speed":"TURBO","upscale_factor":"X2","aspect_ratio":"1x1","negative_prompt":"text"}"#.utf8)),
            seed("v3-generate-transparent-multipart", .v3GenerateTransparent, .multipart, form {
                $0.field("prompt", "a logo"); $0.field("magic_prompt", "AUTO")
            }),
            seed("legacy-generate", .generate, .json, Array(
                #"{"image_request":{"prompt":"an owl","model":"V_2","aspect_ratio":"ASPECT_16_9","magic_prompt_option":"AUTO","seed":5,"negative_prompt":"blur","num_images":2}}"#.utf8)),
            seed("legacy-generate-resolution", .generate, .json, Array(
                #"{"image_request":{"prompt":"an owl","model":"V_2_TURBO","resolution":"RESOLUTION_1024_1024","style_type":"ANIME"}}"#.utf8)),
            seed("legacy-remix", .remix, .multipart, form {
                $0.field("image_request", #"{"prompt":"at night","model":"V_2","image_weight":50}"#); $0.file("image_file", image)
            }),
            seed("legacy-edit", .edit, .multipart, form {
                $0.field("prompt", "a hat"); $0.field("model", "V_2"); $0.file("image_file", image); $0.file("mask", mask)
            }),
            seed("legacy-upscale", .upscale, .multipart, form {
                $0.field("image_request", #"{"resemblance":55,"detail":80,"magic_prompt_option":"OFF"}"#); $0.file("image_file", image)
            }),
            seed("legacy-describe", .describe, .multipart, form {
                $0.field("describe_model_version", "V_3"); $0.file("image_file", jpeg(32, 32, progressive: true))
            }),
            seed("legacy-reframe", .reframe, .multipart, form {
                $0.field("resolution", "RESOLUTION_1024_1024"); $0.field("model", "V_2"); $0.file("image_file", webp("VP8L", 20, 10))
            }),
            // Ideogram 4 and 4.5
            seed("v4-generate-json-prompt", .v4Generate, .json, Array(
                #"{"json_prompt":{"high_level_description":"a fox","compositional_deconstruction":{"background":"park","elements":[{"type":"obj","desc":"fox","bbox":[0,0,1000,1000]}]}},"rendering_speed":"QUALITY","resolution":"2048x2048","seed":3}"#.utf8)),
            seed("v4-generate-multipart", .v4Generate, .multipart, form {
                $0.field("text_prompt", "a lighthouse"); $0.field("rendering_speed", "TURBO"); $0.field("enable_copyright_detection", "true")
            }),
            seed("v4-remix", .v4Remix, .multipart, form {
                $0.field("text_prompt", "at night"); $0.field("image_weight", "40"); $0.file("image", image)
            }),
            seed("v4-image-to-image", .v4ImageToImage, .multipart, form {
                $0.field("prompt", "same style"); $0.field("resolution", "512x512"); $0.file("image", image); $0.file("additional_images", image)
            }),
            seed("v4-generate-transparent", .v4GenerateTransparent, .json, Array(
                #"{"text_prompt":"a sticker","aspect_ratio":"16x9","output_resolution":"2K","rendering_speed":"DEFAULT"}"#.utf8)),
            seed("v4-describe", .v4Describe, .multipart, form {
                $0.field("include_tags", "true"); $0.file("image_file", image)
            }),
            seed("v4-magic-prompt", .v4MagicPrompt, .json, Array(#"{"text_prompt":"a poster","aspect_ratio":"9x16"}"#.utf8)),
            seed("v45-generate", .v45Generate, .json, Array(#"{"text_prompt":"a teapot","rendering_speed":"DEFAULT","resolution":"1024x1024"}"#.utf8)),
            // /v2 block
            seed("v2-generate-45-json", .v2Generate45, .json, Array(#"{"prompt":"a poster","size":"1024x1024","quality":"low","magic_prompt":"off","async":true}"#.utf8)),
            seed("v2-generate-45-multipart", .v2Generate45, .multipart, form {
                $0.field("prompt", "make it blue"); $0.field("quality", "very_low"); $0.file("images", image); $0.file("images", image)
                $0.file("mask", mask)
            }),
            seed("v2-precise-edit-45", .v2PreciseEdit45, .multipart, form {
                $0.field("prompt", "a hat"); $0.field("context_window", "auto"); $0.file("image", image); $0.file("mask", mask)
                $0.file("reference_images", image)
            }),
            seed("v2-generate-4", .v2Generate4, .json, Array(#"{"prompt":"an owl","rendering_speed":"turbo","resolution":"1536x512","seed":3}"#.utf8)),
            seed("v2-generate-3", .v2Generate3, .multipart, form {
                $0.field("prompt", "a fox"); $0.field("aspect_ratio", "16x9"); $0.field("style_type", "realistic")
            }),
            seed("v2-remix-3", .v2Remix3, .multipart, form {
                $0.field("prompt", "at night"); $0.field("image_weight", "70"); $0.field("rendering_speed", "turbo"); $0.file("image", image)
            }),
            seed("v2-inpaint-3", .v2Inpaint3, .multipart, form {
                $0.field("prompt", "a door"); $0.field("style_type", "general"); $0.file("image", image); $0.file("mask", mask)
            }),
            seed("v2-describe-3", .v2Describe3, .multipart, form { $0.file("image", jpeg(32, 32)) }),
            // Tools
            seed("tools-remove-background", .removeBackground, .multipart, form { $0.file("image", image) }),
            seed("tools-remove-object", .removeObject, .multipart, form {
                $0.field("guidance_scale", "12.5"); $0.field("num_inference_steps", "40"); $0.field("rendering_speed", "TURBO")
                $0.field("seed", "3"); $0.file("image", image); $0.file("mask", mask)
            }),
            seed("tools-layerize-text", .layerizeText, .multipart, form {
                $0.field("prompt", "a sign reading \"OPEN\""); $0.field("seed", "12345"); $0.file("image", jpeg(32, 32))
                $0.file("font_candidate_files", Array("wOF2".utf8) + [0, 1, 0, 0, 0, 0, 0, 0], type: "font/woff2")
            }),
            // prompt edits and the ideogram-3 reframe
            seed("v1-edit", .v1Edit, .multipart, form {
                $0.field("prompt", "make it dusk"); $0.field("aspect_ratio", "16x9"); $0.field("transparent_background", "true")
                $0.file("images", image); $0.file("images", image)
                $0.field("image_urls", "https://gw.example/files/img_a.png?exp=1&sig=00")
            }),
            seed("v1-edit-lite", .v1EditLite, .multipart, form {
                $0.field("prompt", "remove the hat"); $0.field("aspect_ratio", "21x9"); $0.field("transparency", "OPAQUE")
                $0.file("image", image); $0.file("reference_images", image)
            }),
            seed("v2-reframe-3", .v2Reframe3, .multipart, form {
                $0.field("resolution", "1536x640"); $0.field("rendering_speed", "quality"); $0.field("num_images", "2"); $0.file("image", image)
            }),
            // more /v2 model routes: ideogram-4 remix and describe, transparent generation
            seed("v2-remix-4", .v2Remix4, .multipart, form {
                $0.field("prompt", "as a watercolour"); $0.field("image_weight", "60"); $0.field("rendering_speed", "turbo"); $0.file("image", image)
            }),
            seed("v2-describe-4", .v2Describe4, .multipart, form {
                $0.field("include_tags", "true"); $0.field("include_bbox", "false"); $0.file("image", jpeg(32, 32))
            }),
            seed("v2-generate-4-transparent", .v2GenerateTransparent4, .json, Array(
                #"{"prompt":"a sticker of a fox","aspect_ratio":"3x2","output_resolution":"2k","rendering_speed":"turbo","seed":9}"#.utf8)),
            seed("v2-generate-3-transparent", .v2GenerateTransparent3, .json, Array(
                #"{"prompt":"a logo","aspect_ratio":"16x9","upscale_factor":"x2","negative_prompt":"text","num_images":2}"#.utf8)),
            seed("content-type-line", .v3Generate, .fromFirstLine,
                 Array("multipart/form-data; boundary=\"q\"; charset=utf-8\n--q\r\nContent-Disposition: form-data; name=\"prompt\"\r\n\r\nhi\r\n--q--\r\n".utf8)),
            seed("no-content-type", .describe, .absent, Array("{}".utf8)),
        ]
    }

    // MARK: OpenAI requests

    static func openAI() -> [Seed] {
        func generation(_ name: String, _ json: String) -> Seed {
            Seed(target: .openAIRequest, name: name, bytes: OpenAIRequestInput.encode(.generations, body: Array(json.utf8)))
        }
        func edit(_ name: String, _ build: (inout FuzzMultipart) -> Void) -> Seed {
            var form = FuzzMultipart(boundary: OpenAIRequestInput.boundary)
            build(&form)
            return Seed(target: .openAIRequest, name: name, bytes: OpenAIRequestInput.encode(.edits, body: form.finished()))
        }
        return [
            generation("generations-v3", #"{"model":"ideogram-v3","prompt":"an owl","size":"1024x1024","quality":"hd","n":2,"user":"u-1"}"#),
            generation("generations-b64", #"{"model":"ideogram-v3-turbo","prompt":"a fox","size":"1792x1024","response_format":"b64_json","style":"vivid"}"#),
            generation("generations-v2", #"{"model":"ideogram-v2","prompt":"a bridge","size":"1536x1024","quality":"low","style":"natural","n":"3"}"#),
            generation("generations-options", #"{"prompt":"a sticker","seed":42,"negative_prompt":"text","magic_prompt":"off","background":"transparent","output_format":"png"}"#),
            generation("generations-minimal", #"{"prompt":"x"}"#),
            edit("edits-v3-mask") {
                $0.field("prompt", "a red balloon"); $0.field("model", "ideogram-v3"); $0.field("response_format", "b64_json")
                $0.file("image", png(16, 16)); $0.file("mask", alphaMask(16, 16))
            },
            edit("edits-v2-alpha") {
                var hole = Raster(width: 16, height: 16, fill: RGBA(r: 200, g: 30, b: 30))
                for y in 4..<12 { for x in 4..<12 { hole.setPixel(x: x, y: y, .clear) } }
                $0.field("prompt", "fill it"); $0.field("model", "ideogram-v2"); $0.field("n", "2"); $0.field("seed", "9")
                $0.file("image[]", Array(PNG.encode(hole).readableBytesView))
            },
            Seed(target: .openAIRequest, name: "edits-content-type-line", bytes: OpenAIRequestInput.encode(
                .editsContentTypeFromFirstLine,
                body: Array("multipart/form-data; boundary=z\n--z\r\nContent-Disposition: form-data; name=\"prompt\"\r\n\r\nx\r\n--z--\r\n".utf8))),
        ]
    }

    // MARK: Images

    static func pngs() -> [Seed] {
        func seed(_ name: String, _ bytes: [UInt8]) -> Seed { Seed(target: .pngDecode, name: name, bytes: bytes) }
        var seeds = [
            seed("rgb-encoder", png(9, 7)),
            seed("rgba-encoder", alphaMask(8, 8)),
            seed("gray-1bit", TinyPNG.make(width: 13, height: 5, colorType: 0, bitDepth: 1)),
            seed("gray-4bit-interlaced", TinyPNG.make(width: 11, height: 9, colorType: 0, bitDepth: 4, interlaced: true)),
            seed("gray-16bit-trns", TinyPNG.make(width: 5, height: 5, colorType: 0, bitDepth: 16, transparency: [0, 7])),
            seed("rgb-16bit-interlaced", TinyPNG.make(width: 6, height: 10, colorType: 2, bitDepth: 16, interlaced: true)),
            seed("palette-2bit-trns", TinyPNG.make(width: 10, height: 3, colorType: 3, bitDepth: 2, transparency: [0, 128])),
            seed("palette-8bit", TinyPNG.make(width: 4, height: 4, colorType: 3, bitDepth: 8)),
            seed("gray-alpha-8bit", TinyPNG.make(width: 7, height: 7, colorType: 4, bitDepth: 8, interlaced: true)),
            seed("rgba-16bit", TinyPNG.make(width: 3, height: 2, colorType: 6, bitDepth: 16)),
        ]
        seeds.append(seed("rgba-8bit-interlaced", TinyPNG.make(width: 17, height: 3, colorType: 6, bitDepth: 8, interlaced: true)))
        return seeds
    }

    static func headers() -> [Seed] {
        func seed(_ name: String, _ bytes: [UInt8]) -> Seed { Seed(target: .imageHeader, name: name, bytes: bytes) }
        return [
            seed("png", png(3, 2)),
            seed("jpeg-baseline", jpeg(640, 480)),
            seed("jpeg-progressive", jpeg(1, 65_535, progressive: true)),
            seed("webp-vp8", webp("VP8 ", 300, 200)),
            seed("webp-vp8l", webp("VP8L", 16_384, 1)),
            seed("webp-vp8x", webp("VP8X", 4_000, 3_000)),
            seed("gif", Array("GIF89a".utf8) + [1, 0, 1, 0, 0x80, 0, 0]),
        ]
    }

    static func masks() -> [Seed] {
        func seed(_ name: String, _ bytes: [UInt8]) -> Seed { Seed(target: .maskInspection, name: name, bytes: bytes) }
        return [
            seed("black-square", mask(16, 16)),
            seed("white", png(8, 8, fill: .white)),
            seed("gray-2bit", TinyPNG.make(width: 12, height: 12, colorType: 0, bitDepth: 2)),
            seed("palette-interlaced", TinyPNG.make(width: 9, height: 9, colorType: 3, bitDepth: 4, interlaced: true)),
            seed("jpeg", jpeg(16, 16)),
        ]
    }

    static func json() -> [Seed] {
        func seed(_ name: String, _ text: String) -> Seed { Seed(target: .jsonBody, name: name, bytes: Array(text.utf8)) }
        return [
            seed("v3-generate", #"{"prompt":"a lighthouse at dusk","rendering_speed":"TURBO","num_images":2,"aspect_ratio":"16x9","seed":2147483647}"#),
            seed("legacy-image-request", ##"{"image_request":{"prompt":"a \"quoted\" cat\n\u00e9 \ud83d\ude00","model":"V_2","color_palette":{"members":[{"color_hex":"#FF0000","color_weight":0.25}]}},"async":true}"##),
            seed("numbers", #"[0,-0,1.0,1e2,-1.5e-3,9223372036854775807,9223372036854775808,0.1e1,100e-2]"#),
            seed("nesting-and-commas", #"{"a":[[[{"b":[null,true,false,{},[]]}]]],"c":{"d":"\/"},}"#),
        ]
    }
}
