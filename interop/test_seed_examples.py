"""The seed document's Python examples, as written there (headers, data=, files=, json=), with
only the host and the key replaced and the input images made here."""

import io

import requests

from conftest import bw_mask, download, png_size, two_tone


def named(data: bytes, name: str) -> io.BytesIO:
    # The seed opens real files; requests names a file part after the object's `name`.
    handle = io.BytesIO(data)
    handle.name = name
    return handle


def expect_images(response: requests.Response, count: int) -> list:
    assert response.status_code == 200, response.text
    body = response.json()
    assert isinstance(body["created"], str)
    assert len(body["data"]) == count
    sizes = []
    for item in body["data"]:
        assert item["is_image_safe"] is True
        assert isinstance(item["seed"], int) and isinstance(item["prompt"], str)
        image = download(item["url"])
        assert f"{png_size(image)[0]}x{png_size(image)[1]}" == item["resolution"]
        sizes.append(item["resolution"])
    assert int(response.headers["X-Ideogate-Charged-Micros"]) > 0
    return sizes


def test_v3_remix(base_url, api_key):
    data = {
        "prompt": "bird playing with a cat in the snow, pixel art style",
        "image_weight": "60",
        "rendering_speed": "QUALITY",
        "num_images": 1,
        "seed": 1,
        "aspect_ratio": "16x9",
        "magic_prompt": "AUTO",
        "style_type": "AUTO",
        "negative_prompt": "blurry, bad anatomy, watermark",
    }
    files = {
        "image": named(two_tone(), "image.jpeg"),
        "style_reference_images": named(two_tone(64, 64), "reference-image.png"),
    }
    response = requests.post(
        f"{base_url}/ideogram/v1/ideogram-v3/remix", headers={"Api-Key": api_key}, data=data, files=files)
    assert expect_images(response, 1) == ["1312x736"]


def test_v3_edit(base_url, api_key):
    with named(two_tone(), "image.jpeg") as image_file, named(bw_mask(), "mask.jpg") as mask_file:
        response = requests.post(
            f"{base_url}/ideogram/v1/ideogram-v3/edit",
            headers={"Api-Key": api_key},
            data={
                "prompt": "remove text",
                "rendering_speed": "DEFAULT",
                "num_images": 1,
                "seed": 1,
                "aspect_ratio": "16x9",
                "magic_prompt": "AUTO",
                "style_type": "AUTO",
                "negative_prompt": "blurry, bad anatomy, watermark",
            },
            files={"image": image_file, "mask": mask_file},
        )
    expect_images(response, 1)


def test_v3_replace_background(base_url, api_key):
    data = {
        "prompt": "bird playing with a cat in the snow, pixel art style",
        "rendering_speed": "QUALITY",
        "num_images": 1,
        "seed": 1,
        "magic_prompt": "AUTO",
        "style_type": "AUTO",
    }
    files = {"image": named(two_tone(), "image.png"), "style_reference_images": named(two_tone(64, 64), "reference-image.png")}
    response = requests.post(
        f"{base_url}/ideogram/v1/ideogram-v3/replace-background", headers={"Api-Key": api_key}, data=data, files=files)
    expect_images(response, 1)


def test_legacy_generate(base_url, api_key):
    payload = {
        "image_request": {
            "prompt": "3D cartoon, An adorable white owl baby with tilted head, huge title design \"Always curious\"",
            "negative_prompt": "blurry, bad anatomy, watermark",
            "aspect_ratio": "ASPECT_3_2",
            "model": "V_2",
            "num_images": 2,
            "magic_prompt_option": "AUTO",
            "style_type": "RENDER_3D",
        }
    }
    headers = {"Api-Key": api_key, "Content-Type": "application/json"}
    response = requests.post(f"{base_url}/ideogram/generate", json=payload, headers=headers)
    assert expect_images(response, 2) == ["1248x832", "1248x832"]


def test_legacy_remix(base_url, api_key):
    files = {"image_file": named(two_tone(), "in.png")}
    payload = {"image_request": '''{ "prompt": "watercolor", "aspect_ratio": "ASPECT_10_16", "image_weight": 50, "magic_prompt_option": "ON", "model": "V_2" }'''}
    headers = {"Api-Key": api_key}
    response = requests.post(f"{base_url}/ideogram/remix", data=payload, files=files, headers=headers)
    assert expect_images(response, 1) == ["800x1280"]


def test_legacy_upscale(base_url, api_key):
    files = {"image_file": named(two_tone(128, 96), "in.png")}
    payload = {"image_request": "{}"}
    headers = {"Api-Key": api_key}
    response = requests.post(f"{base_url}/ideogram/upscale", data=payload, files=files, headers=headers)
    assert expect_images(response, 1) == ["256x192"]


def test_legacy_describe(base_url, api_key):
    files = {"image_file": named(two_tone(), "in.png")}
    headers = {"Api-Key": api_key}
    response = requests.post(f"{base_url}/ideogram/describe", files=files, headers=headers)
    assert response.status_code == 200, response.text
    descriptions = response.json()["descriptions"]
    assert len(descriptions) == 1 and descriptions[0]["text"]
