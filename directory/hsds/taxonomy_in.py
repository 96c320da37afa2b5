"""HSDS taxonomy terms into the partner directory: categories, target groups and service
languages of one locale.

A term from another publisher is matched, in order: by the import's mapping file (their id,
code or name → our code), by HSDS id, by code, then by folded name (accents, capitals, final
sigma, "&" and "και" folded) among the categories with the same parent — so "ΣΤΕΓΑΣΗ &
ΦΙΛΟΞΕΝΙΑ" files services under our "Στέγαση και φιλοξενία" instead of creating a second
category that would split the filter in halves. Only a term matched by none of these is
created, with a warning that names our closest category as a suggested mapping.
"""

from __future__ import annotations

import re
from uuid import UUID

from django.utils.text import slugify
from wagtail.actions.create import CreateAction
from wagtail.log_actions import get_active_log_context

from directory.hsds import ids, values_in
from directory.hsds.validation import Problem
from directory.models import Category, ServiceLanguage, TargetGroup
from search.normalise import fold

FLAG_TAXONOMIES = {
    ids.ORGANISATION_KINDS_TAXONOMY,
    ids.LOCATION_FLAGS_TAXONOMY,
    ids.CENTRE_SERVICE_GROUPS_TAXONOMY,
}


class Terms:
    """Categories, target groups and languages of one locale, found or created once."""

    def __init__(self, locale, warnings: list[Problem], mapping: dict[str, str] | None = None):
        self.locale = locale
        self.warnings = warnings
        self.mapping = {name_key(k): v for k, v in (mapping or {}).items()}
        self.by_key = {
            Category: {c.translation_key: c for c in Category.objects.filter(locale=locale)},
            TargetGroup: {t.translation_key: t for t in TargetGroup.objects.filter(locale=locale)},
        }
        self.by_code = {
            model: {term.code: term for term in terms.values()}
            for model, terms in self.by_key.items()
        }
        self.languages = {lang.code: lang for lang in ServiceLanguage.objects.filter(locale=locale)}
        self.input_terms: dict[UUID, dict] = {}
        # What ``term`` and ``objects`` found, while no term is created (each service names
        # the same few terms again): only answers that added no warning.
        self.seen: dict[tuple, object] = {}
        self.pools: dict[type, dict] = {}

    def _created(self) -> None:
        self.seen.clear()
        self.pools.clear()

    def objects(self, model, pks) -> list:
        """The terms with these primary keys (all found or created by this object)."""
        pool = self.pools.get(model)
        if pool is None:
            if model is ServiceLanguage:
                pool = {lang.pk: lang for lang in self.languages.values()}
            else:
                pool = {term.pk: term for term in self.by_key[model].values()}
            self.pools[model] = pool
        return [pool[pk] for pk in sorted(pks)]

    @staticmethod
    def kind(term: dict):
        detail = term.get("taxonomy_detail") or {}
        taxonomy = ids.parse(term.get("taxonomy_id") or detail.get("id") or "")
        name = term.get("taxonomy")
        if taxonomy in FLAG_TAXONOMIES or name in {ids.TAXONOMY_NAMES[t] for t in FLAG_TAXONOMIES}:
            return None
        if (
            taxonomy == ids.TARGET_GROUPS_TAXONOMY
            or name == ids.TAXONOMY_NAMES[ids.TARGET_GROUPS_TAXONOMY]
        ):
            return TargetGroup
        return Category

    def remember(self, organisations: list) -> None:
        """Terms given in the input, so a parent named by ``parent_id`` can be found."""
        for organisation in organisations:
            for service in organisation.get("services") or []:
                for attribute in service.get("attributes") or []:
                    term = (attribute or {}).get("taxonomy_term")
                    if isinstance(term, dict) and term.get("id"):
                        self.input_terms.setdefault(ids.to_key(term["id"]), term)

    def _code(self, term: dict, path) -> str:
        raw = values_in.as_text(term.get("code")) or values_in.as_text(term.get("name"))
        code = slugify(raw)[:60].strip("-")
        if not code:
            code = f"term-{str(ids.to_key(term['id']))[:8]}"
        if code != raw:
            self.warnings.append(Problem(path, f"the code {raw!r} is stored as {code!r}"))
        return code

    def term(self, term: dict, path, depth: int = 0):
        detail = term.get("taxonomy_detail") or {}
        seen = (
            term.get("id"),
            term.get("taxonomy_id"),
            detail.get("id") if isinstance(detail, dict) else detail,
            term.get("taxonomy"),
            term.get("code"),
            term.get("name"),
        )
        try:
            if seen in self.seen:
                return self.seen[seen]
        except TypeError:  # a value that is not hashable: not remembered
            seen = None
        warnings = len(self.warnings)
        found = self._term(term, path, depth)
        if seen is not None and len(self.warnings) == warnings:
            self.seen[seen] = found
        return found

    def existing(self, term: dict):
        """The stored category or target group this term names (mapping, id, code or folded
        name), without creating anything; None when there is none yet."""
        model = self.kind(term)
        if model is None or not term.get("id"):
            return None
        mapped = self._mapped(model, term)
        if mapped is not None:
            return mapped
        found = self.by_key[model].get(ids.to_key(term["id"]))
        if found is not None:
            return found
        raw = values_in.as_text(term.get("code")) or values_in.as_text(term.get("name"))
        found = self.by_code[model].get(slugify(raw)[:60].strip("-"))
        if found is not None:
            return found
        wanted = name_key(values_in.as_text(term.get("name")))
        matches = [t for t in self.by_key[model].values() if name_key(t.name) == wanted]
        return matches[0] if len(matches) == 1 else None

    def _mapped(self, model, term: dict):
        for given in (term.get("id"), term.get("code"), term.get("name")):
            code = self.mapping.get(name_key(values_in.as_text(given))) if given else None
            if code and code in self.by_code[model]:
                return self.by_code[model][code]
        return None

    def _same_name(self, model, name: str, parent):
        """A stored term of this language whose folded name is ``name``'s, under ``parent``
        (categories) or anywhere (target groups)."""
        wanted = name_key(name)
        for found in self.by_key[model].values():
            if name_key(found.name) != wanted:
                continue
            if model is TargetGroup or found.parent_id == (parent.pk if parent else None):
                return found
        return None

    def _suggestion(self, model, name: str) -> str:
        """Our closest term by shared words, for the warning about a term we create."""
        words = set(name_key(name).split()) - {"και", "and", "of", "for", "για", "την", "τη"}
        best, score = None, 0
        for found in self.by_key[model].values():
            shared = len(words & set(name_key(found.name).split()))
            if shared > score:
                best, score = found, shared
        return f"; closest of ours: {best.code!r} ({best.name})" if best else ""

    def _term(self, term: dict, path, depth: int):
        model = self.kind(term)
        if model is None:
            return None
        mapped = self._mapped(model, term)
        if mapped is not None:
            return mapped
        key = ids.to_key(term["id"])
        found = self.by_key[model].get(key)
        if found is not None:
            return found
        code = self._code(term, (*path, "code"))
        found = self.by_code[model].get(code)
        if found is not None:
            return found
        name = values_in.cut(term.get("name") or code, 120, (*path, "name"), self.warnings)
        parent = None
        if model is Category:
            parent_id = term.get("parent_id")
            if parent_id and depth < 20:
                parent_key = ids.to_key(parent_id)
                parent = self.by_key[Category].get(parent_key)
                if parent is None and parent_key in self.input_terms:
                    parent = self.term(self.input_terms[parent_key], path, depth + 1)
                if not isinstance(parent, Category):
                    parent = None
                    self.warnings.append(
                        Problem(
                            (*path, "parent_id"),
                            "the parent term is unknown: the term is filed at the top level",
                        )
                    )
        found = self._same_name(model, name, parent)
        if found is not None:
            self.by_key[model].setdefault(key, found)
            return found
        self.warnings.append(
            Problem(
                (*path, "name"),
                f"{name!r} matches none of our terms: created"
                f"{self._suggestion(model, name)} (map it with a mapping file to file its "
                "services under one of ours)",
            )
        )
        while code in self.by_code[model]:
            code = f"{code[:55]}-{str(key)[:4]}"
        if model is TargetGroup:
            found = TargetGroup(code=code, name=name, locale=self.locale, translation_key=key)
        else:
            found = Category(
                code=code,
                name=name,
                description=values_in.cut(term.get("description"), 250, (*path, "description"), []),
                parent=parent if isinstance(parent, Category) else None,
                locale=self.locale,
                translation_key=key,
            )
        _create(found)
        self.by_key[model][key] = found
        self.by_code[model][code] = found
        self._created()
        return found

    def by_id(self, term_id, path):
        key = ids.to_key(term_id)
        for model in (Category, TargetGroup):
            if key in self.by_key[model]:
                return self.by_key[model][key]
        self.warnings.append(Problem(path, f"the taxonomy term {term_id} is unknown: left out"))
        return None

    def language(self, item: dict, path):
        code = values_in.as_text(item.get("code")).lower()
        if not re.fullmatch(r"[a-z]{2,3}", code):
            self.warnings.append(
                Problem(path, f"{item.get('code')!r} is not an ISO 639 language code: left out")
            )
            return None
        found = self.languages.get(code)
        if found is None:
            found = ServiceLanguage(
                code=code,
                name=values_in.cut(item.get("name") or code, 60, (*path, "name"), self.warnings),
                locale=self.locale,
            )
            _create(found)
            self.languages[code] = found
            self._created()
        return found


def name_key(text: str) -> str:
    """A term's name as compared: folded, "&" read as "και"/"and", punctuation dropped."""
    folded = fold((text or "").replace("&", " και "))
    folded = re.sub(r"[^\w\s]", " ", folded)
    words = ["και" if word == "and" else word for word in folded.split()]
    return " ".join(words)


def _create(term) -> None:
    """Save a new term as the snippet admin would: its first revision and a "wagtail.create"
    entry in the audit log, by the account running the import."""
    user = get_active_log_context().user
    CreateAction(term, user=user, clean=False).execute(skip_permission_checks=True)
