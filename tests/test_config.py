"""config.toml keeps the production settings, and its palette equals theme.py's."""
import tomllib

from components import theme
from components.data import data_layer, source_names
from components.domain import market
from tests.conftest import ROOT

CONFIG = tomllib.loads((ROOT / ".streamlit" / "config.toml").read_text(encoding="utf-8"))


def test_viewers_never_see_tracebacks_or_developer_tools():
    assert CONFIG["client"]["showErrorDetails"] == "none"
    assert CONFIG["client"]["toolbarMode"] == "viewer"


def test_no_usage_stats_and_protections_on():
    assert CONFIG["browser"]["gatherUsageStats"] is False
    assert CONFIG["server"].get("enableXsrfProtection", True) is True
    assert CONFIG["server"].get("enableCORS", True) is True
    assert CONFIG["server"]["runOnSave"] is False


def test_light_theme_and_palette_mirror_theme_module():
    assert CONFIG["theme"]["base"] == "light"
    assert CONFIG["theme"]["chartCategoricalColors"] == theme.CATEGORICAL
    assert set(theme.PLACE_KIND_COLORS.values()) <= set(theme.CATEGORICAL)
    colours = set(source_names.colours(data_layer.sources()).values())
    assert colours and colours <= set(theme.CATEGORICAL), "a source colour outside the palette"
    assert market.FALLBACK_COLOUR == theme.FALLBACK
