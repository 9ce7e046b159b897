"""The channels file (``COPILOT_CHANNELS_FILE``): who speaks for which merchant on Slack and DingTalk.

A YAML document validated by `ChannelsConfig`::

    public_base_url: https://copilot.example.com   # links DingTalk fetches (digest charts)
    slack:
      api_base_url: https://slack.com/api            # default; tests point it at a loopback fake
      signing_secret: "..."                          # Basic Information → Signing Secret
      bot_token: "xoxb-..."
      routes:                                        # team (and optionally channel) → merchant
        - {team: T0001, channel: C0001, merchant: m_outdoor}
        - {team: T0002, merchant: m_baby}            # every channel of that workspace
    dingtalk:
      webhook_base_url: https://oapi.dingtalk.com    # sessionWebhook and robot/send URLs must be on this host
      client_id: "ding..."                           # Stream mode only (AppKey / AppSecret)
      client_secret: "..."
      robots:                                        # robotCode → merchant (optionally only some conversations)
        - {robot_code: ding123, app_secret: "...", merchant: m_outdoor, conversations: [cid...]}
    merchants:
      m_outdoor:
        approvers: {slack: [U0APPROVER], dingtalk: [staff001]}
        digest: {slack_channel: C0001, dingtalk_webhook: "https://oapi.dingtalk.com/robot/send?access_token=...",
                 dingtalk_secret: "SEC...", days: 14}

A channel-specific Slack route wins over a team-wide one. Secrets are `SecretStr` and never printed (nor any input
in a validation error); a blank or placeholder-like secret ("...", "change-me") is refused, because a signature
checked against it proves nothing.
"""

from __future__ import annotations

import threading
from pathlib import Path
from typing import Annotated
from urllib.parse import urlsplit

import yaml
from pydantic import AfterValidator, BaseModel, ConfigDict, Field, SecretStr, ValidationError, field_validator

from copilot.config import Settings, placeholder_secret
from copilot.yaml_data import load_yaml

HttpBase = Annotated[str, Field(pattern=r"^https?://[^\s/?#]+(/[^\s?#]*)?$")]


def _real_secret(value: SecretStr) -> SecretStr:
    if placeholder_secret(value.get_secret_value()):
        raise ValueError("must be the real secret, not blank or a placeholder")
    return value


Secret = Annotated[SecretStr, AfterValidator(_real_secret)]


class ChannelsConfigError(ValueError):
    """The channels file is missing, is not YAML, or does not match the schema (the message says where)."""


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, hide_input_in_errors=True)


class SlackRoute(_Strict):
    team: str
    channel: str | None = None
    merchant: str


class SlackConfig(_Strict):
    api_base_url: HttpBase = "https://slack.com/api"
    signing_secret: Secret
    bot_token: Secret
    timeout_s: float = Field(default=10.0, gt=0, le=120)
    routes: list[SlackRoute] = Field(default_factory=list)

    @field_validator("api_base_url")
    @classmethod
    def _strip(cls, value: str) -> str:
        return value.rstrip("/")

    def merchant_for(self, team: str, channel: str | None) -> str | None:
        """The merchant of a team's channel: a route naming that channel, else the team-wide route, else None."""
        team_wide = None
        for route in self.routes:
            if route.team != team:
                continue
            if route.channel is not None and route.channel == channel:
                return route.merchant
            if route.channel is None and team_wide is None:
                team_wide = route.merchant
        return team_wide


class DingTalkRobot(_Strict):
    robot_code: str
    app_secret: Secret
    merchant: str
    conversations: list[str] = Field(default_factory=list, description="empty: every conversation")

    def serves(self, conversation_id: str) -> bool:
        return not self.conversations or conversation_id in self.conversations


class DingTalkConfig(_Strict):
    webhook_base_url: HttpBase = "https://oapi.dingtalk.com"
    client_id: str | None = None
    client_secret: Secret | None = None
    timeout_s: float = Field(default=10.0, gt=0, le=120)
    robots: list[DingTalkRobot] = Field(default_factory=list)

    def robot(self, robot_code: str) -> DingTalkRobot | None:
        return next((robot for robot in self.robots if robot.robot_code == robot_code), None)

    def allows_webhook(self, url: str) -> bool:
        """True when `url` is on the configured DingTalk webhook origin (scheme, host and port all equal)."""
        allowed = urlsplit(self.webhook_base_url)
        try:
            candidate = urlsplit(url)
            ports = (candidate.port, allowed.port)
        except ValueError:
            return False
        return (
            candidate.scheme == allowed.scheme
            and candidate.hostname is not None
            and candidate.hostname == allowed.hostname
            and ports[0] == ports[1]
            and not candidate.username
            and not candidate.password
        )


class Approvers(_Strict):
    slack: list[str] = Field(default_factory=list, description="Slack user ids")
    dingtalk: list[str] = Field(default_factory=list, description="DingTalk staff ids (senderStaffId)")


class DigestTarget(_Strict):
    slack_channel: str | None = None
    dingtalk_webhook: str | None = Field(default=None, description="a custom group robot's robot/send URL")
    dingtalk_secret: Secret | None = Field(default=None, description="that robot's signing secret (SEC...)")
    days: int = Field(default=14, ge=7, le=180, description="window of the anomaly detection")


class MerchantChannels(_Strict):
    approvers: Approvers = Field(default_factory=Approvers)
    digest: DigestTarget | None = None


class ChannelsConfig(_Strict):
    public_base_url: HttpBase = "http://127.0.0.1:8000"
    slack: SlackConfig | None = None
    dingtalk: DingTalkConfig | None = None
    merchants: dict[str, MerchantChannels] = Field(default_factory=dict)

    @field_validator("public_base_url")
    @classmethod
    def _strip(cls, value: str) -> str:
        return value.rstrip("/")

    def approvers(self, merchant_id: str) -> Approvers:
        entry = self.merchants.get(merchant_id)
        return entry.approvers if entry else Approvers()


def parse_channels(text: str, source: str = "<text>") -> ChannelsConfig:
    """Validate a channels document; raises ChannelsConfigError naming `source` and the offending fields."""
    try:
        data = load_yaml(text) or {}
    except yaml.YAMLError as exc:
        raise ChannelsConfigError(f"{source}: not valid YAML: {exc}") from exc
    if not isinstance(data, dict):
        raise ChannelsConfigError(f"{source}: the channels file must be a mapping")
    try:
        return ChannelsConfig.model_validate(data)
    except ValidationError as exc:
        raise ChannelsConfigError(f"{source}: {exc}") from exc


_cache: dict[Path, tuple[int, ChannelsConfig]] = {}
_cache_lock = threading.Lock()


def load_channels(path: Path) -> ChannelsConfig:
    """The channels file at `path`, re-read when its modification time changes. Raises ChannelsConfigError."""
    try:
        stamp = path.stat().st_mtime_ns
    except OSError as exc:
        raise ChannelsConfigError(f"{path}: cannot read the channels file: {exc.strerror}") from exc
    with _cache_lock:
        cached = _cache.get(path)
        if cached and cached[0] == stamp:
            return cached[1]
    config = parse_channels(path.read_text(encoding="utf-8"), str(path))
    with _cache_lock:
        _cache[path] = (stamp, config)
    return config


def channels_of(settings: Settings) -> ChannelsConfig:
    """The configured channels; raises ChannelsConfigError when `channels_file` is unset or invalid."""
    if settings.channels_file is None:
        raise ChannelsConfigError("COPILOT_CHANNELS_FILE is not set")
    return load_channels(settings.channels_file)
