"""The official OpenAI Python SDK against Ideogate, with only base_url and api_key changed."""

import base64
import io

import openai
import pytest
from openai import OpenAI

from conftest import alpha_mask, download, png_size, two_tone


@pytest.fixture(scope="module")
def client(base_url, api_key) -> OpenAI:
    return OpenAI(base_url=f"{base_url}/v1", api_key=api_key, max_retries=0)


def test_generate_url(client):
    result = client.images.generate(model="ideogram-v3-turbo", prompt="a lighthouse at dusk", size="1024x1024", n=2)
    assert result.created > 0
    assert len(result.data) == 2
    for image in result.data:
        assert image.url and image.b64_json is None
        assert png_size(download(image.url)) == (1024, 1024)


def test_generate_b64_json(client):
    result = client.images.generate(
        model="ideogram-v3", prompt="a paper crane", size="1792x1024", quality="low", response_format="b64_json")
    assert len(result.data) == 1
    data = base64.b64decode(result.data[0].b64_json)
    # 1792x1024 is nearest to 16:9, rendered at 1312x736.
    assert png_size(data) == (1312, 736)


def test_edit_with_alpha_mask(client):
    image = io.BytesIO(two_tone())
    image.name = "image.png"
    mask = io.BytesIO(alpha_mask())
    mask.name = "mask.png"
    result = client.images.edit(
        model="ideogram-v3", image=image, mask=mask, prompt="a red balloon", response_format="b64_json")
    data = base64.b64decode(result.data[0].b64_json)
    assert png_size(data)[0] > 0


def test_list_models(client):
    ids = [model.id for model in client.models.list()]
    assert "ideogram-v3" in ids and "ideogram-v3-turbo" in ids and "ideogram-v2" in ids


def test_unknown_model_is_a_bad_request(client):
    with pytest.raises(openai.BadRequestError) as failure:
        client.images.generate(model="dall-e-3", prompt="x")
    assert failure.value.status_code == 400
    assert failure.value.code == "model_not_found"
