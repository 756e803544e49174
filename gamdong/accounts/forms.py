"""Forms for logging in, signing up and passwords: field names, Korean labels, input hints."""

from __future__ import annotations

from django import forms
from django.contrib.auth.forms import AuthenticationForm
from django.contrib.auth.forms import PasswordChangeForm as DjangoPasswordChangeForm
from django.core.exceptions import ValidationError
from django.core.validators import validate_email

from gamdong.accounts.identifiers import EMAIL, Address, normalize_login, parse_address

BAD_ADDRESS = "이메일 주소나 휴대전화 번호(예: 010-1234-5678)를 정확히 입력하세요."


class LoginForm(AuthenticationForm):
    """Staff type their login id (employee number); residents their email or mobile number."""

    username = forms.CharField(
        label="아이디 또는 이메일·휴대전화 번호",
        max_length=254,
        help_text="직원은 사번(로그인 ID)을, 주민은 가입할 때 확인한 이메일이나 휴대전화 번호를 입력하세요.",
        widget=forms.TextInput(
            attrs={
                "autocomplete": "username",
                "autocapitalize": "none",
                "spellcheck": "false",
                "autofocus": True,
            }
        ),
    )
    password = forms.CharField(
        label="비밀번호",
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )
    error_messages = {
        "invalid_login": "아이디(이메일·휴대전화 번호) 또는 비밀번호가 맞지 않습니다. 다시 확인하세요.",
        "inactive": "사용이 중지된 계정입니다. 담당 부서에 문의하세요.",
    }

    def clean_username(self) -> str:
        return normalize_login(self.cleaned_data.get("username", ""))


class AddressForm(forms.Form):
    address = forms.CharField(
        label="이메일 또는 휴대전화 번호",
        max_length=254,
        help_text="휴대전화 번호는 010-1234-5678처럼 입력해도 됩니다.",
        widget=forms.TextInput(
            attrs={
                "autocomplete": "username",
                "autocapitalize": "none",
                "spellcheck": "false",
                "autofocus": True,
            }
        ),
        error_messages={"required": "이메일 주소나 휴대전화 번호를 입력하세요."},
    )

    def clean_address(self) -> Address:
        address = parse_address(self.cleaned_data["address"])
        if address is None:
            raise ValidationError(BAD_ADDRESS, code="invalid")
        if address.channel == EMAIL:
            try:
                validate_email(address.value)
            except ValidationError as exc:
                raise ValidationError(BAD_ADDRESS, code="invalid") from exc
        return address


class CodeForm(forms.Form):
    code = forms.CharField(
        label="인증번호 6자리",
        max_length=6,
        min_length=6,
        widget=forms.TextInput(
            attrs={
                "autocomplete": "one-time-code",
                "inputmode": "numeric",
                "pattern": "[0-9]{6}",
                "autofocus": True,
            }
        ),
        error_messages={
            "required": "받은 인증번호 6자리를 입력하세요.",
            "min_length": "인증번호는 숫자 6자리입니다.",
            "max_length": "인증번호는 숫자 6자리입니다.",
        },
    )

    def clean_code(self) -> str:
        code = self.cleaned_data["code"].strip()
        if not code.isdigit() or len(code) != 6:
            raise ValidationError("인증번호는 숫자 6자리입니다.", code="invalid")
        return code


class NewPasswordForm(forms.Form):
    """Two password boxes; the strength rules run in the service (Django's validators)."""

    password1 = forms.CharField(
        label="비밀번호",
        strip=False,
        help_text="8자 이상, 숫자만으로 된 것이나 흔한 비밀번호는 쓸 수 없습니다.",
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        error_messages={"required": "비밀번호를 입력하세요."},
    )
    password2 = forms.CharField(
        label="비밀번호 확인",
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        error_messages={"required": "같은 비밀번호를 한 번 더 입력하세요."},
    )

    def clean(self):
        data = super().clean()
        if data.get("password1") and data.get("password2") and data["password1"] != data["password2"]:
            self.add_error("password2", "두 비밀번호가 같지 않습니다.")
        return data


class SignupForm(NewPasswordForm):
    name = forms.CharField(
        label="이름",
        max_length=50,
        widget=forms.TextInput(attrs={"autocomplete": "name", "autofocus": True}),
        error_messages={"required": "이름을 입력하세요."},
    )
    field_order = ["name", "password1", "password2"]

    def clean_name(self) -> str:
        name = self.cleaned_data["name"].strip()
        if not name:
            raise ValidationError("이름을 입력하세요.", code="required")
        return name


class PasswordChangeForm(DjangoPasswordChangeForm):
    error_messages = {
        **DjangoPasswordChangeForm.error_messages,
        "password_incorrect": "지금 쓰는 비밀번호가 맞지 않습니다. 다시 입력하세요.",
        "password_mismatch": "두 비밀번호가 같지 않습니다.",
    }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["old_password"].label = "지금 비밀번호"
        self.fields["new_password1"].label = "새 비밀번호"
        self.fields[
            "new_password1"
        ].help_text = "8자 이상, 숫자만으로 된 것이나 흔한 비밀번호는 쓸 수 없습니다."
        self.fields["new_password2"].label = "새 비밀번호 확인"
        self.fields["old_password"].widget.attrs.pop("autofocus", None)
        self.fields["old_password"].widget.attrs.update(
            {"autocomplete": "current-password", "autofocus": True}
        )
