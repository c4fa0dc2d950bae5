"""Read-only views over validated reference files: code tables, catalogue, divisions."""

from collections.abc import Iterator, Mapping
from types import MappingProxyType

from station_client.reference.catalogue_model import CatalogueFile, ServiceItem
from station_client.reference.model import CodeEntry, CodeTableFile, DivisionNode, DivisionTreeFile
from station_client.rules.errors import ValidationError

__all__ = ["Catalogue", "CodeEntry", "CodeTable", "DivisionNode", "DivisionTree", "ServiceItem"]


class CodeTable:
    """One national or local code table (ethnicity, education, …)."""

    def __init__(self, data: CodeTableFile) -> None:
        self.table = data.table
        self.version = data.version
        self.source = data.source
        self.attr_tables: Mapping[str, str] = MappingProxyType(dict(data.attr_tables))
        self.entries: tuple[CodeEntry, ...] = tuple(data.entries)
        self._by_code: dict[str, CodeEntry] = {e.code: e for e in data.entries}

    def __contains__(self, code: object) -> bool:
        return code in self._by_code

    def __iter__(self) -> Iterator[CodeEntry]:
        return iter(self.entries)

    def __len__(self) -> int:
        return len(self.entries)

    def __repr__(self) -> str:
        return f"CodeTable({self.table!r}, v{self.version}, {len(self.entries)} codes)"

    @property
    def codes(self) -> tuple[str, ...]:
        return tuple(self._by_code)

    def get(self, code: str) -> CodeEntry | None:
        """The entry for ``code``, or ``None``."""
        return self._by_code.get(code)

    def entry(self, code: str) -> CodeEntry:
        """The entry for ``code``; ``KeyError`` if the table has no such code."""
        return self._by_code[code]

    def name(self, code: str, lang: str = "zh") -> str:
        """The name of ``code`` in Chinese (``"zh"``) or English (``"en"``).

        ``KeyError`` for an unknown code, ``ValueError`` for another language.
        """
        entry = self._by_code[code]
        if lang == "zh":
            return entry.zh
        if lang == "en":
            return entry.en
        raise ValueError(f"unsupported language {lang!r} (use 'zh' or 'en')")

    def children(self, code: str | None = None) -> tuple[CodeEntry, ...]:
        """Entries whose parent is ``code`` (top-level entries for ``None``)."""
        return tuple(e for e in self.entries if e.parent == code)

    def check(self, field: str, code: str) -> str:
        """Return ``code`` if the table has it, else raise
        :class:`~station_client.rules.errors.ValidationError` (reason ``"unknown_code"``)
        naming the field, the table and the value."""
        if code in self._by_code:
            return code
        raise ValidationError(
            field,
            "unknown_code",
            f"字段“{field}”的代码“{code}”不在代码表“{self.table}”（第 {self.version} 版）中",
            f"field {field!r}: code {code!r} is not in code table {self.table!r} "
            f"(version {self.version})",
        )


class Catalogue:
    """The service catalogue (服务事项目录) with its items in file order."""

    def __init__(self, data: CatalogueFile) -> None:
        self.version = data.version
        self.source = data.source
        self.complaint_phone = data.complaint_phone
        self.items: tuple[ServiceItem, ...] = tuple(data.items)
        self._by_code: dict[str, ServiceItem] = {i.code: i for i in data.items}

    def __contains__(self, code: object) -> bool:
        return code in self._by_code

    def __iter__(self) -> Iterator[ServiceItem]:
        return iter(self.items)

    def __len__(self) -> int:
        return len(self.items)

    def item(self, code: str) -> ServiceItem:
        """The item ``code`` (e.g. ``"JY-007"``); ``KeyError`` if unknown."""
        return self._by_code[code]

    def items_for_level(self, level: str) -> tuple[ServiceItem, ...]:
        """Items delivered at ``level`` (``"village"``, ``"town"`` or ``"district"``)."""
        return tuple(i for i in self.items if level in i.levels)

    def public_items(self) -> tuple[ServiceItem, ...]:
        """Items shown on the public catalogue (服务项目公示)."""
        return tuple(i for i in self.items if i.public)


class DivisionTree:
    """One district's divisions from the province down to villages / communities."""

    def __init__(self, data: DivisionTreeFile) -> None:
        self.version = data.version
        self.source = data.source
        self.data_cutoff = data.data_cutoff
        self._nodes: dict[str, DivisionNode] = {n.code: n for n in data.nodes}
        self.root: DivisionNode = self._nodes[data.root]
        children: dict[str, list[DivisionNode]] = {}
        for node in data.nodes:
            if node.parent is not None:
                children.setdefault(node.parent, []).append(node)
        self._children = {k: tuple(sorted(v, key=lambda n: n.code)) for k, v in children.items()}

    def __contains__(self, code: object) -> bool:
        return code in self._nodes

    def __len__(self) -> int:
        return len(self._nodes)

    def node(self, code: str) -> DivisionNode:
        """The node ``code``; ``KeyError`` if the tree has no such code."""
        return self._nodes[code]

    def children(self, code: str) -> tuple[DivisionNode, ...]:
        """Direct children of ``code`` ordered by code; ``KeyError`` if unknown."""
        if code not in self._nodes:
            raise KeyError(code)
        return self._children.get(code, ())

    def path(self, code: str) -> list[DivisionNode]:
        """Nodes from the province down to ``code`` inclusive; ``KeyError`` if unknown."""
        chain = [self._nodes[code]]
        while chain[-1].parent is not None:
            chain.append(self._nodes[chain[-1].parent])
        chain.reverse()
        return chain

    def full_name(self, code: str) -> str:
        """Names along the path, e.g. ``江苏省南京市江宁区东山街道…``."""
        return "".join(n.name for n in self.path(code))

    def _level(self, level: str) -> tuple[DivisionNode, ...]:
        return tuple(
            sorted((n for n in self._nodes.values() if n.level == level), key=lambda n: n.code)
        )

    def towns(self) -> tuple[DivisionNode, ...]:
        """Towns and streets (镇、街道 and the like, 9-digit codes) ordered by code."""
        return self._level("town")

    def villages(self) -> tuple[DivisionNode, ...]:
        """Villages and communities (村、社区, 12-digit codes) ordered by code."""
        return self._level("village")
