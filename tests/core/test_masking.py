"""One masking rule per kind of personal datum (DESIGN.md, Quality rules): what is shown
masked never gives the datum away, and stays recognisable."""

from hypothesis import given
from hypothesis import strategies as st

from gamdong.core.masking import mask_contact, mask_email, mask_name, mask_phone

hangul = st.characters(min_codepoint=0xAC00, max_codepoint=0xD7A3)


def test_examples_people_see():
    assert mask_name("김민수") == "김*수"
    assert mask_name("이영") == "이*"
    assert mask_name("남궁민수") == "남**수"
    assert mask_phone("010-1234-5678") == "010-****-5678"
    assert mask_phone("01012345678") == "010-****-5678"
    assert mask_email("jumin@example.kr") == "ju***@example.kr"
    assert mask_email("a@b.kr") == "a*@b.kr"
    assert mask_contact("hong@example.kr") == "ho**@example.kr"
    assert mask_contact("010 9876 5432") == "010-****-5432"


@given(st.text(hangul, min_size=2, max_size=6))
def test_a_masked_name_keeps_its_length_and_first_syllable_and_hides_the_rest(name):
    masked = mask_name(name)
    assert len(masked) == len(name) and masked[0] == name[0]
    assert masked != name and "*" in masked


@given(st.text("0123456789", min_size=10, max_size=11))
def test_a_masked_phone_hides_the_middle_digits(digits):
    masked = mask_phone(digits)
    assert masked.startswith(digits[:3]) and masked.endswith(digits[-4:])
    shown = [ch for ch in masked if ch.isdigit()]
    assert len(shown) == 7 and masked.count("*") == 4  # at most 7 of the 10-11 digits ever shown


@given(st.from_regex(r"[a-z0-9._]{1,20}@[a-z]{1,10}\.[a-z]{2,3}", fullmatch=True))
def test_a_masked_email_keeps_the_domain_and_never_the_whole_local_part(email):
    local, domain = email.split("@")
    masked = mask_email(email)
    assert masked.endswith("@" + domain)
    assert masked.split("@")[0] != local and "*" in masked
