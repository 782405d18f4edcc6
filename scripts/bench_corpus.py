"""A deterministic union-portal corpus for the benchmarks: same count, same bytes.

    .venv/bin/python scripts/bench_corpus.py --articles 10000 [--folder .bench/corpus-10000]

Writes `<folder>/content/`: N Markdown articles of Vietnamese text (NFC, 400-900 words,
headings, lists, quotes) in 10 categories, one folder per category and year, dated 2012-2025
with several articles on most days; tags and authors from small tables; a lead `Image:` on
about one article in 8 and a figure in about one in 16, from 20 small JPEGs drawn with Pillow;
about one article in 20 is a document (Category "Văn bản", numbers unique per type and year,
some with attachments); the sample site's pages, logo and banner slides. Article `i` depends
only on `i` (and on the slugs and document numbers taken before it), so a corpus of 10,000 is
the first half of a corpus of 20,000. `scripts/bench_search.py` takes its sentences from here.
"""

from __future__ import annotations

import argparse
import hashlib
import io
import random
import re
import shutil
import sys
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "plugins"))

from vietnamese.text import format_number, slugify, to_nfc  # noqa: E402

# A finished corpus records its size and this file's hash: any change to the generator rewrites it.
STAMP = ".corpus-stamp"

# --- Sentence tables (bench_search.py uses these five as they are) ---------------------------
SITE_CATEGORIES = [
    "Tin tức - Sự kiện",
    "Hoạt động Công đoàn",
    "Thi đua - Khen thưởng",
    "Chăm lo đời sống người lao động",
]
SUBJECTS = [
    "Liên đoàn Lao động tỉnh",
    "Công đoàn cơ sở",
    "Ban Thường vụ",
    "Công đoàn ngành Giáo dục",
    "Công đoàn Viên chức tỉnh",
    "Ban Nữ công",
    "Công đoàn các khu công nghiệp",
    "Đoàn viên công đoàn",
]
ACTIONS = [
    "tổ chức hội nghị tổng kết phong trào thi đua",
    "trao quà Tết cho đoàn viên có hoàn cảnh khó khăn",
    "phát động Tháng Công nhân",
    "tập huấn nghiệp vụ cho cán bộ công đoàn",
    "kiểm tra an toàn vệ sinh lao động",
    "thăm hỏi công nhân bị tai nạn lao động",
    "ký kết thỏa ước lao động tập thể",
    "xây dựng Mái ấm Công đoàn",
    "tuyên truyền pháp luật lao động",
    "đối thoại với người lao động tại doanh nghiệp",
]
PLACES = [
    "thành phố An Khang",
    "huyện Phú An",
    "khu công nghiệp Tân Bình",
    "xã Đông Hà",
    "Đà Nẵng",
    "thị xã Hòa Lợi",
]
DETAILS = [
    "Phát biểu tại hội nghị, đồng chí Chủ tịch ghi nhận những kết quả đã đạt được trong năm qua.",
    "Hội nghị đã thống nhất các chỉ tiêu, nhiệm vụ trọng tâm cho giai đoạn tiếp theo.",
    "Nhiều đoàn viên, người lao động được khen thưởng vì có thành tích xuất sắc.",
    "Chương trình nhận được sự quan tâm, hưởng ứng tích cực của doanh nghiệp và người lao động.",
    "Các cấp công đoàn tiếp tục đổi mới nội dung, phương thức hoạt động, hướng về cơ sở.",
    "Công tác chăm lo đời sống vật chất, tinh thần cho người lao động được chú trọng.",
    "Dịp này, ban tổ chức trao tặng 150 suất quà, mỗi suất trị giá 500.000 đồng.",
    "Đại diện doanh nghiệp cam kết bảo đảm việc làm, thu nhập và điều kiện làm việc an toàn.",
    "Người lao động bày tỏ niềm vui, phấn khởi trước sự quan tâm kịp thời của tổ chức công đoàn.",
    "Qua đó góp phần xây dựng quan hệ lao động hài hòa, ổn định và tiến bộ tại doanh nghiệp.",
    "Đồng chí đề nghị các đơn vị làm tốt công tác phát triển đoàn viên, thành lập công đoàn cơ sở.",
    "Ban Chấp hành đã kịp thời nắm bắt tâm tư, nguyện vọng của đoàn viên để có giải pháp phù hợp.",
    "Hoạt động nhằm thiết thực chào mừng kỷ niệm ngày thành lập Công đoàn Việt Nam 28/7.",
    "Phong trào thi đua lao động giỏi, lao động sáng tạo tiếp tục được đẩy mạnh trong công nhân.",
    "Đường giao thông vào khu nhà trọ công nhân được nâng cấp, bảo đảm an toàn khi mưa bão.",
]

# --- The portal's categories: the site's four, five more a provincial portal has, documents ---
DOCUMENT_CATEGORY = "Văn bản"
NEWS_CATEGORIES = [
    *SITE_CATEGORIES,
    "Pháp luật - Chính sách",
    "Nữ công",
    "An toàn vệ sinh lao động",
    "Tuyên giáo",
    "Gương sáng người lao động",
]
CATEGORIES = [*NEWS_CATEGORIES, DOCUMENT_CATEGORY]
# How often each news category is used: news and union work fill most of a portal.
CATEGORY_WEIGHTS = [30, 22, 10, 10, 7, 6, 5, 5, 5]
DOCUMENT_EVERY = 20  # one article in 20 is a document
FIRST_DAY, LAST_DAY = date(2012, 1, 1), date(2025, 12, 31)
MIN_WORDS, MAX_WORDS = 400, 900  # words in an article's body

# Sentences that belong to one category, mixed with the common ones above.
CATEGORY_DETAILS = {
    "Tin tức - Sự kiện": [
        "Sáng nay, Thường trực Tỉnh ủy đã có buổi làm việc với Ban Thường vụ Liên đoàn Lao động tỉnh.",
        "Hội nghị được tổ chức theo hình thức trực tiếp kết hợp trực tuyến đến các điểm cầu cấp huyện.",
        "Báo cáo cho biết tình hình việc làm, thu nhập của người lao động trong tỉnh cơ bản ổn định.",
        "Các đại biểu tập trung thảo luận những khó khăn, vướng mắc trong tổ chức thực hiện nhiệm vụ.",
        "Lãnh đạo tỉnh đánh giá cao vai trò của tổ chức công đoàn trong phát triển kinh tế - xã hội.",
    ],
    "Hoạt động Công đoàn": [
        "Đại hội đã bầu Ban Chấp hành khóa mới gồm chín đồng chí, bảo đảm đủ số lượng và cơ cấu.",
        "Công đoàn cơ sở duy trì sinh hoạt định kỳ hằng tháng, công khai tài chính công đoàn.",
        "Cán bộ công đoàn được trang bị kỹ năng thương lượng, đối thoại và giải quyết tranh chấp.",
        "Công tác kiểm tra, giám sát được thực hiện đúng kế hoạch, không để phát sinh sai phạm.",
        "Ban Chấp hành xây dựng quy chế phối hợp với người sử dụng lao động ngay từ đầu nhiệm kỳ.",
    ],
    "Thi đua - Khen thưởng": [
        "Nhiều sáng kiến cải tiến kỹ thuật đã làm lợi cho doanh nghiệp hàng tỷ đồng mỗi năm.",
        "Các tập thể, cá nhân được khen thưởng là những điển hình tiêu biểu cần được nhân rộng.",
        "Hội đồng thi đua đã xét chọn kỹ lưỡng, bảo đảm khách quan, công khai và đúng quy định.",
        "Phong trào Xanh - Sạch - Đẹp, bảo đảm an toàn vệ sinh lao động thu hút đông đảo doanh nghiệp.",
        "Bằng khen được trao cho những công nhân có thành tích xuất sắc trong lao động sản xuất.",
    ],
    "Chăm lo đời sống người lao động": [
        "Chương trình Tết Sum vầy mang đến niềm vui cho hàng nghìn công nhân không về quê ăn Tết.",
        "Những căn nhà Mái ấm Công đoàn giúp đoàn viên yên tâm gắn bó lâu dài với công việc.",
        "Học bổng được trao cho con đoàn viên vượt khó học giỏi, tiếp thêm động lực đến trường.",
        "Nhiều chuyến xe nghĩa tình đưa công nhân về quê đón Tết với chi phí được hỗ trợ toàn bộ.",
        "Siêu thị công đoàn bán hàng thiết yếu với giá ưu đãi cho đoàn viên tại khu công nghiệp.",
    ],
    "Pháp luật - Chính sách": [
        "Bộ luật Lao động năm 2019 quy định rõ quyền, nghĩa vụ của người lao động và người sử dụng lao động.",
        "Người lao động được tư vấn về bảo hiểm xã hội, bảo hiểm thất nghiệp và chế độ ốm đau, thai sản.",
        "Văn phòng tư vấn pháp luật công đoàn tiếp nhận và giải đáp hàng trăm câu hỏi mỗi năm.",
        "Mức lương tối thiểu vùng mới được áp dụng từ ngày 01 tháng 7, tác động đến hàng chục nghìn người.",
        "Công đoàn tham gia ý kiến vào dự thảo văn bản quy phạm pháp luật liên quan đến người lao động.",
    ],
    "Nữ công": [
        "Ban Nữ công tổ chức tọa đàm về bình đẳng giới và phòng chống bạo lực gia đình.",
        "Nữ công nhân được khám sức khỏe sinh sản miễn phí và tư vấn chăm sóc con nhỏ.",
        "Phong trào Giỏi việc nước, đảm việc nhà được đông đảo nữ đoàn viên hưởng ứng.",
        "Nhóm trẻ gần khu nhà trọ giúp công nhân nữ yên tâm làm việc theo ca.",
        "Phòng vắt, trữ sữa tại doanh nghiệp là mô hình thiết thực cho lao động nữ nuôi con nhỏ.",
    ],
    "An toàn vệ sinh lao động": [
        "Đoàn kiểm tra đã chỉ ra một số tồn tại về phòng cháy, chữa cháy tại xưởng sản xuất.",
        "Mạng lưới an toàn vệ sinh viên được củng cố, phát huy vai trò tại từng tổ sản xuất.",
        "Người lao động được trang bị đầy đủ phương tiện bảo vệ cá nhân phù hợp với công việc.",
        "Tháng hành động về an toàn, vệ sinh lao động được tổ chức với nhiều hoạt động thiết thực.",
        "Doanh nghiệp cam kết khắc phục ngay các nguy cơ mất an toàn được đoàn kiểm tra chỉ ra.",
    ],
    "Tuyên giáo": [
        "Bản tin công đoàn được phát hành định kỳ, đưa thông tin pháp luật đến tận tay công nhân.",
        "Cuộc thi tìm hiểu lịch sử Công đoàn Việt Nam thu hút hơn ba nghìn bài dự thi.",
        "Hội thi văn nghệ công nhân lao động là dịp giao lưu, gắn kết giữa các doanh nghiệp.",
        "Tủ sách pháp luật tại khu nhà trọ được bổ sung thêm nhiều đầu sách mới.",
        "Công tác tuyên truyền được đổi mới, ứng dụng mạng xã hội để tiếp cận người lao động trẻ.",
    ],
    "Gương sáng người lao động": [
        "Anh là người đầu tiên trong phân xưởng đạt danh hiệu Lao động sáng tạo cấp tỉnh.",
        "Hơn mười năm gắn bó với nhà máy, chị luôn hoàn thành xuất sắc nhiệm vụ được giao.",
        "Từ một công nhân phổ thông, anh đã tự học để trở thành tổ trưởng kỹ thuật.",
        "Những sáng kiến nhỏ của chị giúp giảm đáng kể thời gian và chi phí sản xuất.",
        "Đồng nghiệp quý mến anh bởi sự tận tụy, sẵn sàng giúp đỡ người mới vào nghề.",
    ],
}
# Sentences with numbers, names and places filled in per article, as real reports have.
FILLED_DETAILS = [
    "Năm {year}, toàn tỉnh có {units} công đoàn cơ sở với hơn {members} đoàn viên.",
    "Tổng kinh phí hỗ trợ là {money} đồng, từ nguồn tài chính công đoàn và đóng góp của doanh nghiệp.",
    "Trong {months} tháng qua, {count} lượt người lao động được tư vấn pháp luật miễn phí.",
    "Dịp này, {subject} trao tặng {count} suất quà, mỗi suất trị giá {gift} đồng.",
    "Dự buổi lễ có đồng chí {person}, {role}, cùng đại diện {units} công đoàn cơ sở.",
    "Tại {company}, công đoàn cơ sở đã thương lượng tăng tiền ăn giữa ca lên {gift} đồng mỗi suất.",
    "Đến ngày {day}/{month}/{year}, đã có {count} doanh nghiệp ký kết thỏa ước lao động tập thể.",
    "Đồng chí {person}, {role}, yêu cầu các đơn vị hoàn thành chỉ tiêu trước ngày {day}/{month}.",
    "Ban tổ chức đã trao {count} phần thưởng cho tập thể và cá nhân tại {place}.",
    "Chương trình thu hút gần {members} công nhân tham gia, vượt {percent}% so với kế hoạch.",
]
PEOPLE = [
    "Nguyễn Văn Thành",
    "Trần Thị Hoa",
    "Lê Minh Quân",
    "Phạm Thị Hường",
    "Hoàng Văn Nam",
    "Vũ Thị Lan",
    "Đặng Quốc Huy",
    "Bùi Thị Thu Trang",
    "Đỗ Mạnh Hùng",
    "Ngô Thị Mai",
    "Dương Văn Lợi",
    "Lý Thị Ngọc Ánh",
]
ROLES = [
    "Chủ tịch Liên đoàn Lao động tỉnh",
    "Phó Chủ tịch Thường trực Liên đoàn Lao động tỉnh",
    "Trưởng Ban Tuyên giáo",
    "Chủ tịch Công đoàn cơ sở",
    "Trưởng Ban Nữ công",
    "Phó Giám đốc Sở Lao động - Thương binh và Xã hội",
]
COMPANIES = [
    "Công ty TNHH May mặc Phú An",
    "Công ty Cổ phần Xi măng Hòa Lợi",
    "Công ty TNHH Điện tử Tân Bình",
    "Nhà máy Gạch ngói Đông Hà",
    "Công ty Cổ phần Thủy sản An Khang",
    "Công ty TNHH Giày da Hưng Phát",
    "Công ty Cổ phần Cấp nước An Khang",
    "Bệnh viện Đa khoa tỉnh",
]
QUOTES = [
    "Được Công đoàn quan tâm, động viên đúng lúc, anh chị em công nhân chúng tôi thấy ấm lòng.",
    "Món quà tuy nhỏ nhưng là nguồn động viên lớn để gia đình tôi vượt qua khó khăn.",
    "Tôi mong công đoàn tiếp tục đồng hành, lắng nghe và bảo vệ quyền lợi của người lao động.",
    "Nhờ buổi đối thoại, những kiến nghị của chúng tôi về tiền lương đã được giải quyết.",
    "Làm việc trong môi trường an toàn, có tổ chức công đoàn vững mạnh, tôi yên tâm gắn bó.",
]
SUBHEADINGS = [
    "Hướng mạnh về cơ sở",
    "Kết quả nổi bật",
    "Nhiệm vụ thời gian tới",
    "Lan tỏa tinh thần sẻ chia",
    "Những con số ấn tượng",
    "Đồng hành cùng người lao động",
    "Kiến nghị, đề xuất",
    "Còn nhiều việc phải làm",
]
LIST_ITEMS = [
    "Tổ chức đối thoại giữa người sử dụng lao động và tập thể người lao động",
    "Thăm hỏi, tặng quà đoàn viên bị tai nạn lao động, mắc bệnh hiểm nghèo",
    "Khám sức khỏe miễn phí, tư vấn pháp luật lưu động tại khu nhà trọ công nhân",
    "Phối hợp với doanh nghiệp nâng cao chất lượng bữa ăn giữa ca",
    "Phát triển đoàn viên, thành lập công đoàn cơ sở tại doanh nghiệp ngoài nhà nước",
    "Tuyên truyền Bộ luật Lao động và Luật Công đoàn đến từng tổ sản xuất",
    "Biểu dương, khen thưởng kịp thời các tập thể, cá nhân tiêu biểu",
]
TAGS = [
    "Tháng Công nhân",
    "người lao động",
    "đoàn viên",
    "thi đua",
    "khen thưởng",
    "Tết Sum vầy",
    "Mái ấm Công đoàn",
    "đại hội",
    "thỏa ước lao động tập thể",
    "đối thoại",
    "an toàn vệ sinh lao động",
    "pháp luật",
    "bảo hiểm xã hội",
    "nữ công",
    "học bổng",
    "khu công nghiệp",
    "công đoàn cơ sở",
    "phát triển đoàn viên",
    "tiền lương",
    "văn hóa thể thao",
    "chuyển đổi số",
    "COVID-19",
    "bình đẳng giới",
    "lao động sáng tạo",
    "phòng cháy chữa cháy",
]
AUTHORS = ["Thu Hoài", "Huy Dương", "Minh Tâm", "Ban Tuyên giáo", "Ngọc Lan", "Quốc Việt", "Hải Yến"]
TITLE_FORMS = [
    "{subject} {action} tại {place}",
    "{subject} {action} năm {year}",
    "{place}: {subject} {action}",
    "Sôi nổi hoạt động {topic} tại {place}",
    "{subject} {place} {action}",
]
TOPICS = ["Tháng Công nhân", "Tết Sum vầy", "thi đua lao động giỏi", "văn hóa, thể thao", "an toàn lao động"]
EDIT_SENTENCE = "Bài viết được Ban Biên tập cập nhật thông tin lần thứ {number}."

# --- Documents: the shape of content/van-ban/*.md ------------------------------------------
# (DocType, its code in the number) as plugins/documents/numbering.py DEFAULT_TYPES has them.
DOCUMENT_TYPES = [
    ("Kế hoạch", "KH"),
    ("Thông báo", "TB"),
    ("Hướng dẫn", "HD"),
    ("Quyết định", "QĐ"),
    ("Báo cáo", "BC"),
    ("Nghị quyết", "NQ"),
    ("Chỉ thị", "CT"),
    ("Chương trình", "CTr"),
    ("Công văn", None),
]
ISSUERS = [
    ("Liên đoàn Lao động tỉnh An Khang", "LĐLĐ"),
    ("Ban Chấp hành Liên đoàn Lao động tỉnh An Khang", "LĐLĐ"),
    ("Văn phòng Liên đoàn Lao động tỉnh An Khang", "LĐLĐ-VP"),
]
SIGNERS = ["Trần Thị Hoa, Chủ tịch", "Nguyễn Văn Thành, Phó Chủ tịch", "Lê Minh Quân, Chánh Văn phòng"]
DOCUMENT_SUBJECTS = [
    "tổ chức các hoạt động Tháng Công nhân",
    "chăm lo Tết cho đoàn viên, người lao động",
    "phát triển đoàn viên, thành lập công đoàn cơ sở",
    "đẩy mạnh phong trào thi đua lao động giỏi, lao động sáng tạo",
    "tổ chức đại hội công đoàn cơ sở",
    "kiểm tra, giám sát tài chính công đoàn",
    "tổng kết công tác công đoàn và phong trào công nhân",
    "tuyên truyền, phổ biến pháp luật lao động",
]
RECIPIENTS = "Công đoàn cơ sở trực thuộc; LĐLĐ các huyện, thành phố; Công đoàn ngành; Lưu: VT"
ATTACHMENT_COUNT = 12
IMAGE_COUNT = 20
IMAGE_SIZE = (960, 640)


@dataclass
class CorpusState:
    """What later articles depend on: slugs taken and document numbers per type and year."""

    slugs: set[str] = field(default_factory=set)
    numbers: dict[tuple[str, int], int] = field(default_factory=dict)
    documents: list[str] = field(default_factory=list)

    def unique_slug(self, title: str) -> str:
        """The title's slug (first ten words), made unique with -2, -3 as `make newpost` does."""
        base = "-".join(slugify(title).split("-")[:10])
        slug, suffix = base, 2
        while slug in self.slugs:
            slug, suffix = f"{base}-{suffix}", suffix + 1
        self.slugs.add(slug)
        return slug


def article_rng(number: int) -> random.Random:
    """The random source of article `number` alone (string seeds are stable across runs)."""
    return random.Random(f"bench-article-{number}")


def article_moment(rng: random.Random) -> datetime:
    """A day in 2012-2025 and an office hour: several articles fall on most days."""
    day = FIRST_DAY + timedelta(days=rng.randrange((LAST_DAY - FIRST_DAY).days + 1))
    return datetime(day.year, day.month, day.day, rng.randint(6, 20), rng.randrange(60))


def word_count(text: str) -> int:
    """Words as a reader counts them: tokens holding a letter or a digit."""
    return sum(1 for token in text.split() if any(ch.isalnum() for ch in token))


def filled_sentence(rng: random.Random, year: int) -> str:
    """One FILLED_DETAILS sentence with its numbers, names and places drawn."""
    return rng.choice(FILLED_DETAILS).format(
        year=year,
        units=rng.randint(40, 900),
        members=format_number(rng.randint(2_000, 150_000)),
        money=format_number(rng.randint(1_000, 900_000) * 1000),
        months=rng.randint(2, 11),
        count=format_number(rng.randint(12, 2500)),
        gift=format_number(rng.choice([200, 300, 500, 1000, 2000]) * 1000),
        subject=rng.choice(SUBJECTS),
        person=rng.choice(PEOPLE),
        role=rng.choice(ROLES),
        company=rng.choice(COMPANIES),
        day=rng.randint(1, 28),
        month=rng.randint(1, 12),
        place=rng.choice(PLACES),
        percent=rng.randint(5, 60),
    )


def sentence(rng: random.Random, category: str, year: int) -> str:
    """One sentence: the category's own, a common one, or one with numbers filled in."""
    roll = rng.random()
    if roll < 0.35:
        return rng.choice(CATEGORY_DETAILS.get(category, DETAILS))
    if roll < 0.75:
        return rng.choice(DETAILS)
    return filled_sentence(rng, year)


def paragraph(rng: random.Random, category: str, year: int) -> str:
    """Three to six sentences, the first naming who did what where."""
    sentences = [f"{rng.choice(SUBJECTS)} {rng.choice(ACTIONS)} ở {rng.choice(PLACES)}."]
    wanted = rng.randint(3, 6)
    while len(sentences) < wanted:
        candidate = sentence(rng, category, year)
        if candidate not in sentences:
            sentences.append(candidate)
    return " ".join(sentences)


def extra_block(rng: random.Random, category: str, year: int) -> str | None:
    """Now and then a heading, a list or a quote between paragraphs, as editors write them."""
    roll = rng.random()
    if roll < 0.15:
        return "## " + rng.choice(SUBHEADINGS)
    if roll < 0.22:
        items = rng.sample(LIST_ITEMS, rng.randint(3, 5))
        return "\n".join(f"- {item};" for item in items)
    if roll < 0.28:
        person = rng.choice(PEOPLE)
        return f"{person}, công nhân {rng.choice(COMPANIES)}, chia sẻ: “{rng.choice(QUOTES)}”"
    return None


def body_blocks(rng: random.Random, category: str, year: int, first: list[str]) -> list[str]:
    """Markdown blocks from `first` on until the body has 400-900 words (never more)."""
    target = rng.randint(400, 900)
    blocks, words = list(first), word_count("\n".join(first))
    while words < target:
        extra = extra_block(rng, category, year)
        block = paragraph(rng, category, year) if extra is None or blocks[-1].startswith("##") else extra
        if words + word_count(block) > MAX_WORDS:
            if words >= MIN_WORDS:
                break
            continue
        blocks.append(block)
        words += word_count(block)
    if blocks[-1].startswith("##"):
        words -= word_count(blocks.pop())
    while words < MIN_WORDS:
        block = paragraph(rng, category, year)
        if words + word_count(block) <= MAX_WORDS:
            blocks.append(block)
            words += word_count(block)
    return blocks


def image_path(index: int) -> str:
    """Path (relative to content/) of one of the generated photos."""
    return f"images/bench/anh-{index:02d}.jpg"


def attachment_path(index: int) -> str:
    """Path (relative to content/) of one of the generated attachments."""
    return f"files/bench/van-ban-{index:02d}.pdf"


def markdown(fields: list[tuple[str, str]], blocks: list[str]) -> str:
    """A Markdown file: Pelican's header lines (empty values left out), a blank line, the blocks."""
    head = "".join(f"{key}: {value}\n" for key, value in fields if value)
    return head + "\n" + "\n\n".join(blocks) + "\n"


def title_for(rng: random.Random, year: int) -> str:
    """A headline from the forms portals use."""
    text = rng.choice(TITLE_FORMS).format(
        subject=rng.choice(SUBJECTS),
        action=rng.choice(ACTIONS),
        place=rng.choice(PLACES),
        year=year,
        topic=rng.choice(TOPICS),
    )
    return text[0].upper() + text[1:]


def news_article(number: int, state: CorpusState) -> tuple[str, str]:
    """(path under content/, Markdown) of news article `number`."""
    rng = article_rng(number)
    category = rng.choices(NEWS_CATEGORIES, CATEGORY_WEIGHTS)[0]
    moment = article_moment(rng)
    title = title_for(rng, moment.year)
    slug = state.unique_slug(title)
    lead = paragraph(rng, category, moment.year)
    first = [lead]
    if rng.random() < 1 / 16:
        picture = image_path(rng.randrange(IMAGE_COUNT))
        caption = f"{rng.choice(SUBJECTS)} tại {rng.choice(PLACES)} | Ảnh: {rng.choice(AUTHORS)}"
        first.append(f'![{rng.choice(SUBJECTS)} {rng.choice(ACTIONS)}]({picture} "{caption}")')
    blocks = body_blocks(rng, category, moment.year, first)
    fields = [
        ("Title", title),
        ("Date", f"{moment:%Y-%m-%d %H:%M}"),
        ("Category", category),
        ("Tags", ", ".join(rng.sample(TAGS, rng.randint(1, 4)))),
        ("Author", rng.choice(AUTHORS)),
        ("Image", image_path(rng.randrange(IMAGE_COUNT)) if rng.random() < 1 / 8 else ""),
        ("Summary", lead.split(". ")[0].rstrip(".") + "." if rng.random() < 0.75 else ""),
    ]
    folder = f"{slugify(category)}/{moment.year}"
    return f"{folder}/{moment:%Y-%m-%d}-{slug}.md", markdown(fields, blocks)


def document_number(rng: random.Random, state: CorpusState, code: str | None, year: int) -> tuple[str, str]:
    """(issuer, number) unique for the type and year: "07/KH-LĐLĐ", "125/LĐLĐ-VP"."""
    issuer, issuer_code = rng.choice(ISSUERS[:2]) if code else ISSUERS[2]
    serial = state.numbers.get((code or "CV", year), 0) + 1
    state.numbers[(code or "CV", year)] = serial
    return issuer, f"{serial:02d}/{code}-{issuer_code}" if code else f"{serial:02d}/{issuer_code}"


def document_article(number: int, state: CorpusState) -> tuple[str, str]:
    """(path under content/, Markdown) of a document (văn bản) in content/van-ban/."""
    rng = article_rng(number)
    moment = article_moment(rng)
    doc_type, code = rng.choice(DOCUMENT_TYPES)
    issuer, doc_number = document_number(rng, state, code, moment.year)
    topic = rng.choice(DOCUMENT_SUBJECTS)
    title = f"{doc_type} về việc {topic} năm {moment.year}"
    slug = state.unique_slug(title)
    first = [f"Căn cứ chương trình công tác năm {moment.year}, {issuer} ban hành văn bản về việc {topic}."]
    first += [f"Điều {n}. {paragraph(rng, 'Hoạt động Công đoàn', moment.year)}" for n in (1, 2, 3)]
    blocks = body_blocks(rng, "Hoạt động Công đoàn", moment.year, first)
    attachment = attachment_path(rng.randrange(ATTACHMENT_COUNT)) if rng.random() < 0.5 else ""
    related = rng.choice(state.documents) if state.documents and rng.random() < 0.3 else ""
    fields = [
        ("Title", title),
        ("Date", f"{moment:%Y-%m-%d %H:%M}"),
        ("Category", DOCUMENT_CATEGORY),
        ("DocNumber", doc_number),
        ("DocType", doc_type),
        ("Issuer", issuer),
        ("Issued", f"{moment:%Y-%m-%d}"),
        ("Signer", rng.choice(SIGNERS)),
        ("Abstract", f"{doc_type} về việc {topic} trong toàn tỉnh năm {moment.year}"),
        ("Recipients", RECIPIENTS),
        ("Attachments", attachment),
        ("Related", related),
        ("Tags", rng.choice(TAGS)),
    ]
    state.documents.append(doc_number)
    return f"van-ban/{moment.year}/{moment:%Y-%m-%d}-{slug}.md", markdown(fields, blocks)


def article(number: int, state: CorpusState) -> tuple[str, str]:
    """Article `number` of the corpus: one in DOCUMENT_EVERY is a document."""
    if number % DOCUMENT_EVERY == DOCUMENT_EVERY // 2:
        return document_article(number, state)
    return news_article(number, state)


def articles(count: int) -> Iterator[tuple[str, str]]:
    """The corpus's `count` articles in order, each as (path under content/, NFC Markdown)."""
    state = CorpusState()
    for number in range(count):
        path, text = article(number, state)
        yield path, to_nfc(text)


def added_article(number: int) -> tuple[str, str]:
    """An article an editor adds to the corpus (the benchmark's "add one"): the newest of all."""
    path, text = news_article(10_000_000 + number, CorpusState())
    moment = datetime(LAST_DAY.year, LAST_DAY.month, LAST_DAY.day, 21, number % 60)
    text = re.sub(r"^Date: .*$", f"Date: {moment:%Y-%m-%d %H:%M}", text, count=1, flags=re.M)
    name = f"{moment:%Y-%m-%d}-bai-moi-them-so-{number}.md"
    return f"{path.split('/')[0]}/{moment.year}/{name}", to_nfc(text)


def edited_text(text: str, number: int) -> str:
    """The article with the last sentence of its last paragraph replaced (an editor's fix)."""
    lines = text.rstrip("\n").split("\n")
    for index in range(len(lines) - 1, 0, -1):
        line = lines[index]
        if line and not line.startswith(("#", "-", "!", "Điều")) and ". " in line:
            kept = line.rsplit(". ", 1)[0]
            lines[index] = f"{kept}. {EDIT_SENTENCE.format(number=number)}"
            return "\n".join(lines) + "\n"
    raise ValueError("no paragraph to edit")


def photo(index: int) -> bytes:
    """A small deterministic JPEG: a gradient sky, a stage banner, rows of heads."""
    from PIL import Image, ImageDraw

    rng = random.Random(f"bench-photo-{index}")
    width, height = IMAGE_SIZE
    colour = tuple(rng.randrange(40, 220) for _ in range(3))
    shade = Image.linear_gradient("L").resize(IMAGE_SIZE)
    night = Image.new("RGB", IMAGE_SIZE, (20, 20, 30))
    image = Image.composite(Image.new("RGB", IMAGE_SIZE, colour), night, shade)
    draw = ImageDraw.Draw(image)
    banner = tuple(rng.randrange(256) for _ in range(3))
    draw.rectangle((width // 8, height // 10, width * 7 // 8, height // 4), fill=banner)
    for row in range(rng.randint(3, 6)):
        for seat in range(14):
            left, top = 20 + seat * 68 + (row % 2) * 30, height // 2 + row * 55
            tone = tuple(rng.randrange(30, 120) for _ in range(3))
            draw.ellipse((left, top, left + 40, top + 40), fill=tone)
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", quality=80)
    return buffer.getvalue()


def attachment(index: int) -> bytes:
    """A tiny valid one-page PDF standing for a scanned document."""
    text = f"Van ban kem theo so {index:02d}"
    stream = f"BT /F1 18 Tf 72 720 Td ({text}) Tj ET"
    objects = [
        "<< /Type /Catalog /Pages 2 0 R >>",
        "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R "
        "/Resources << /Font << /F1 5 0 R >> >> >>",
        f"<< /Length {len(stream)} >>\nstream\n{stream}\nendstream",
        "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    out, offsets = b"%PDF-1.4\n", []
    for number, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += f"{number} 0 obj\n{body}\nendobj\n".encode()
    xref = len(out)
    out += f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode()
    out += "".join(f"{offset:010d} 00000 n \n" for offset in offsets).encode()
    out += f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n".encode()
    return out


def media_files() -> Iterator[tuple[str, bytes]]:
    """The photos and attachments the articles name."""
    for index in range(IMAGE_COUNT):
        yield image_path(index), photo(index)
    for index in range(ATTACHMENT_COUNT):
        yield attachment_path(index), attachment(index)


def sample_files() -> Iterator[tuple[str, bytes]]:
    """From the sample site: the pages (menu, footer) and the logo and banner slides the settings name."""
    source = ROOT / "content"
    for folder in ("pages", "images/banner"):
        for path in sorted((source / folder).iterdir()):
            yield path.relative_to(source).as_posix(), path.read_bytes()
    yield "images/logo.svg", (source / "images" / "logo.svg").read_bytes()


def corpus_files(count: int) -> Iterator[tuple[str, bytes]]:
    """Every file of the corpus of `count` articles, as (path under content/, bytes)."""
    yield from sample_files()
    yield from media_files()
    for path, text in articles(count):
        yield path, text.encode("utf-8")


def stamp_for(count: int) -> str:
    """What a finished corpus records: its size and the generator's own hash."""
    generator = hashlib.sha256(Path(__file__).read_bytes()).hexdigest()[:16]
    return f"articles={count} generator={generator}\n"


def write_corpus(folder: Path, count: int) -> Path:
    """Write the corpus into folder/content (kept when a finished one of that size is there)."""
    content = folder / "content"
    stamp = folder / STAMP
    if stamp.is_file() and stamp.read_text(encoding="utf-8") == stamp_for(count):
        return content
    shutil.rmtree(content, ignore_errors=True)
    stamp.unlink(missing_ok=True)
    for relative, data in corpus_files(count):
        target = content / relative
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(data)
    stamp.write_text(stamp_for(count), encoding="utf-8")
    return content


def corpus_digest(content: Path) -> str:
    """sha256 over every file's path and bytes: equal digests, equal corpora."""
    digest = hashlib.sha256()
    for path in sorted(p for p in content.rglob("*") if p.is_file()):
        digest.update(path.relative_to(content).as_posix().encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()


def main(argv: list[str] | None = None) -> int:
    """Command line: write a corpus and print where and how big."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=10_000)
    parser.add_argument("--folder", type=Path, help="default: .bench/corpus-N")
    args = parser.parse_args(argv)
    folder = args.folder or ROOT / ".bench" / f"corpus-{args.articles}"
    content = write_corpus(folder, args.articles)
    files = [p for p in content.rglob("*") if p.is_file()]
    size = sum(p.stat().st_size for p in files)
    print(f"{content}: {len(files)} files, {size / 1e6:.1f} MB, sha256 {corpus_digest(content)[:16]}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
