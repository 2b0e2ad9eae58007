"""`huijia link`'s engine: read exports, analyse every message as `huijia analyse` does, keep the little
linking needs of each (`LinkPost`), then run the pure link stage — personas, template clusters, photo
reuse, group risk — over all of them.

Only what linking reads is held per message, so a million messages fit in a few hundred megabytes; the
texts are kept only for the posts the analyser's gate examined (the template clusters' input).
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, replace
from hashlib import sha256
from pathlib import Path

from huijia.analyse.contacts import contacts_in
from huijia.analyse.message import MAX_CHARS, analyse_message
from huijia.analyse.pipeline import Analyser
from huijia.engines.photos import ExportImages, image_refs, photo_bytes
from huijia.engines.relink import LinkCounts
from huijia.ingest import read_inputs
from huijia.ingest.base import ReadOptions, SourceFile
from huijia.link.groups import GroupRisk, PhotoGroup, message_cues, score_groups
from huijia.link.personas import Actor, find_actors
from huijia.link.photo_reuse import PhotoReuse, PostedPhoto, find_photo_reuse
from huijia.link.posts import LinkPost, author_key, link_contacts, platform_of
from huijia.link.templates import Cluster, TemplateIndex, find_clusters
from huijia.media import Limits, MediaError
from huijia.media.photoprint import photo_print
from huijia.media.safe import decode_image
from huijia.model import PLATFORM_KINDS, Contact, ImageRef, Message, Notice, ReadEvent, ReadStats, Skip


@dataclass
class Links:
    actors: list[Actor] = field(default_factory=list)  # those with at least one flagged message
    clusters: list[Cluster] = field(default_factory=list)
    groups: list[GroupRisk] = field(default_factory=list)
    stats: ReadStats = field(default_factory=ReadStats)
    photos: list[PhotoReuse] = field(default_factory=list)

    def records(self) -> list[Actor | Cluster | PhotoReuse | GroupRisk]:
        """What `huijia link` writes, in its order: actors, clusters, reused photos, groups."""
        return [*self.actors, *self.clusters, *self.photos, *self.groups]

    def summary(self) -> str:
        return LinkCounts(
            messages=self.stats.messages,
            actors=len(self.actors),
            clusters=len(self.clusters),
            groups=len(self.groups),
            takedown=sum(group.recommendation == "takedown" for group in self.groups),
            watch=sum(group.recommendation == "watch" for group in self.groups),
            photos=len(self.photos),
        ).line()


def link_post(message: Message, label: str, contacts: Iterable[Contact] | None, gated: bool) -> LinkPost:
    """The `LinkPost` of a message and what the analyser made of it (contacts None: not extracted yet)."""
    platform = platform_of(message.source.format)
    handle = message.author.handle if message.author is not None else None
    name = message.author.name if message.author is not None else None
    if contacts is None:
        contacts = contacts_in(message.text[:MAX_CHARS])
    return LinkPost(
        id=message.id,
        author=author_key(platform, message.channel, handle, name),
        author_label=handle or name,
        channel=message.channel,
        label=label,
        contacts=link_contacts(contacts),
        text=message.text[:MAX_CHARS] if gated else None,  # linking reads one reading's length
        sent_at=message.sent_at,
        author_name=name,
        gated=gated,
        cues=message_cues(message.text[:MAX_CHARS]),
    )


class Linker:
    """Reads and links; problems go to `on_problem` as they come, analysis failures to `on_error`. The
    messages `keep` accepts are kept whole in `kept` (by id), for what needs more of them than linking
    does (a takedown notice cites them); `sizes` has each file's size by its SHA-256."""

    def __init__(
        self,
        analyser: Analyser,
        on_problem: Callable[[Skip | Notice], None],
        on_error: Callable[[str], None],
        keep: Callable[[Message], bool] | None = None,
    ) -> None:
        self.analyser = analyser
        self.on_problem = on_problem
        self.on_error = on_error
        self.keep = keep
        self.posts: list[LinkPost] = []
        self.kept: dict[str, Message] = {}
        self.sizes: dict[str, int] = {}
        self.stats = ReadStats()
        self.photos = True  # hash the photos the exports hold, for photo reuse
        self.media_limits = Limits()
        self.photo_posts: list[PostedPhoto] = []
        self._current: SourceFile | None = None
        self._reader = ""
        self._images: list[ImageRef] = []
        self._posted: dict[str, LinkPost] = {}

    def read(self, inputs: Iterable[str | Path], fmt: str, options: ReadOptions) -> None:
        """Read, analyse and keep what linking needs; each file's photos are hashed when it ends (from
        what its reader handed over while reading, or files beside the export)."""
        images = ExportImages(self.media_limits.max_bytes)
        options = replace(options, attachments=images)

        def begin(src: SourceFile, reader: str) -> bool:
            self._end_file(images)
            self._current, self._reader = src, reader
            self.sizes[src.sha256] = src.size
            self.stats.files += 1
            return True

        try:
            for event in read_inputs(inputs, fmt, options, wanted=begin):
                self._take(event)
            self._end_file(images)
        finally:
            images.close()

    def _take(self, event: ReadEvent) -> None:
        if isinstance(event, Message):
            self.stats.messages += 1
            post = self._post(event)
            self.posts.append(post)
            if self.keep is not None and self.keep(event):
                self.kept[event.id] = event
            if self.photos and event.attachments:
                for ref in image_refs(event.id, event):
                    self._images.append(ref)
                    self._posted[ref.message_key] = post
            return
        if isinstance(event, Skip):
            if event.fatal:
                self.stats.files_failed += 1
            else:
                self.stats.skipped += 1
        else:
            self.stats.notices += 1
        self.on_problem(event)

    def _end_file(self, images: ExportImages) -> None:
        """Hash the photos of the file that just ended; a photo that cannot be read is a note."""
        current, refs = self._current, self._images
        self._images = []
        if current is None or not refs:
            return
        found = photo_bytes(current.path, self._reader, refs, self.media_limits, images, current.sha256)
        for ref, data, problem in found:
            if problem is not None:
                self.on_problem(Notice(current.display, f"photo {ref.name or ref.sha256}: {problem}"))
                self.stats.notices += 1
                continue
            if data is None:
                continue  # the export does not hold it
            try:
                decoded = decode_image(data, self.media_limits)
            except MediaError as exc:
                self.on_problem(Notice(current.display, f"photo {ref.name or ref.sha256}: {exc}"))
                self.stats.notices += 1
                continue
            post = self._posted[ref.message_key]
            self.photo_posts.append(
                PostedPhoto(
                    post.id, post.author, post.channel, photo_print(decoded.image), sha256(data).hexdigest()
                )
            )
        images.forget(current.sha256)

    def _post(self, message: Message) -> LinkPost:
        if message.kind in PLATFORM_KINDS:
            return link_post(message, "none", (), gated=False)
        found = analyse_message(self.analyser, message, self._failed)
        if found is None:
            return link_post(message, "none", None, gated=False)
        return link_post(message, found.label, found.contacts, gated=True)

    def _failed(self, message: Message, what: str) -> None:
        self.on_error(f"{message.source.file}:{message.source.line or '?'}: {what}")

    def links(self) -> Links:
        actors = find_actors(self.posts)
        gated = [post for post in self.posts if post.gated and post.text is not None]
        clusters = find_clusters(
            [p.id for p in gated],
            [p.text or "" for p in gated],
            [p.flagged for p in gated],
            TemplateIndex(),
            workers=len(os.sched_getaffinity(0)),  # a command-line process: no threads, forking is safe
        )
        photos = find_photo_reuse(self.photo_posts)
        groups = score_groups(self.posts, actors, clusters, [PhotoGroup(p.messages) for p in photos])
        return Links([a for a in actors if a.flagged], clusters, groups, self.stats, photos)
