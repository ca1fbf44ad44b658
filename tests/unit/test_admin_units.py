from desktop.admin_units import citizen_id_province_codes, communes_of_district, find, provinces


def test_ba_tri_is_a_district_of_ben_tre_with_its_communes() -> None:
    ba_tri = find("836")
    assert ba_tri is not None and ba_tri.name == "Huyện Ba Tri" and ba_tri.parent_code == "83"
    communes = communes_of_district("836")
    assert len(communes) == 22
    assert communes[0].code == "29110" and communes[0].name == "Thị trấn Ba Tri"


def test_codes_keep_leading_zeros_and_both_editions_load() -> None:
    assert find("01") is not None and find("01").name == "Thành phố Hà Nội"
    assert find("00001").name == "Phường Phúc Xá"
    assert len(provinces("2024")) == 63
    assert len(provinces("2025")) == 34


def test_citizen_id_province_codes() -> None:
    codes = citizen_id_province_codes()
    assert len(codes) == 63
    assert {"001", "083", "096"} <= codes
    assert "003" not in codes  # no province was ever numbered 03


def test_a_districts_place_name_and_parent_body() -> None:
    from desktop.admin_units import district_of, parent_body_of, place_name_of

    ba_tri = district_of("836")
    assert ba_tri is not None
    assert place_name_of(ba_tri) == "Ba Tri"
    assert parent_body_of(find(ba_tri.parent_code)) == "LĐLĐ tỉnh Bến Tre"
    assert place_name_of(district_of("760")) == "Quận 1"  # named by a number: kept whole
    assert place_name_of(district_of("269")) == "Sơn Tây"  # Thị xã Sơn Tây
    assert parent_body_of(find("01")) == "LĐLĐ thành phố Hà Nội"
    assert district_of("83") is None and district_of("29110") is None and district_of("x") is None
