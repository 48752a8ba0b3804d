"""The demo site's articles, as data.

Thirty-four posts of a WordPress blog that republishes DPRK state-media articles (KCNA
reports, Voice of Korea "narrated" pieces, Naenara features), written for this project.
Thirty-two are real articles a crawl must export; two (`expect_rejected=True`) are pages a
crawl must reject: one with an empty `.entry-content`, one whose content is only Jetpack
and WordAds boilerplate.

A post's `paragraphs` are blocks: a plain string is a `<p>`, `("h2", text)` a subheading and
`("ul", (item, ...))` a bulleted list. `theme` picks the markup: "core" (a self-hosted
WordPress with an _s-based theme, core comment form and Akismet) or "wpcom" (a WordPress.com
blog with Jetpack sharing/likes/related posts, WordAds and the "highlander" comment form).

Edge cases on purpose:

* date expressions in running text: "October 10, Juche 110 (2021)", "March Juche 110 (2021)",
  "주체110(2021)년 10월 10일", "Juche 113.8.4.", "early April last year", and KCNA datelines
  ("Pyongyang, July 14 (KCNA) -- ...") opening several articles;
* `precious-guideline` is the seed article verbatim (curly quotes included);
* a paragraph that begins with "Related" (`autumn-trade-fair`, a WordPress.com post whose
  Jetpack block also says "Related") and a last paragraph that begins with "Categories of"
  (`housing-for-scientists`): article sentences that must not be stripped;
* some published times are early in the Pyongyang morning, i.e. the previous day in UTC.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import NamedTuple, Union

#: A paragraph, ("h2" | "h3", heading) or ("ul" | "ol", items).
Block = Union[str, tuple]

CATEGORIES = (
    "Ideology",
    "Narrated",
    "Economy",
    "Culture",
    "Science",
    "Korean Peninsula",
    "External Affairs",
    "Sports",
)
THEMES = ("core", "wpcom")


class Comment(NamedTuple):
    author: str
    date: str  # ISO date-time with offset
    text: str


@dataclass(frozen=True)
class DemoArticle:
    slug: str
    title: str
    published: str  # ISO date-time, +09:00
    author: str
    categories: tuple[str, ...]
    paragraphs: tuple[Block, ...]
    theme: str = "core"
    tags: tuple[str, ...] = ()
    modified: str | None = None
    #: WordPress.com only: a WordAds block between two paragraphs.
    ads: bool = False
    #: Core only: approved comments shown above the comment form.
    comments: tuple[Comment, ...] = ()
    #: A page a crawler must reject rather than export (no article text).
    expect_rejected: bool = False

    @property
    def published_at(self) -> datetime:
        return datetime.fromisoformat(self.published)

    @property
    def path(self) -> str:
        """The permalink, root-relative: /YYYY/MM/DD/slug/."""
        return f"/{self.published_at:%Y/%m/%d}/{self.slug}/"


@dataclass(frozen=True)
class DemoPage:
    """A published WordPress page (not a post): only `-a include=pages` collects it."""

    slug: str
    title: str
    published: str  # ISO date-time, +09:00
    author: str
    paragraphs: tuple[str, ...]


ABOUT = DemoPage(
    slug="about",
    title="About",
    published="2019-01-28T10:00:00+09:00",
    author="Editorial Desk",
    paragraphs=(
        "Morning Calm Reader is the demo site bundled with sinmun. Its articles were written for the project in "
        "the style of the DPRK press agencies and republishing blogs; they are not copies of real reports.",
        "Some posts use the markup of a self-hosted WordPress theme, others that of a WordPress.com blog, "
        "so that a crawler meets both families on one site.",
    ),
)


ARTICLES: list[DemoArticle] = [
    DemoArticle(
        slug="new-year-tasks-under-way",
        title="Factories and Enterprises Launch Drive to Carry Out New Year Tasks",
        published="2019-02-11T08:30:00+09:00",
        author="KCNA Monitor",
        categories=("Economy",),
        tags=("KCNA", "industry"),
        theme="core",
        paragraphs=(
            "Pyongyang, February 11 (KCNA) -- Workers of factories and enterprises across the country are "
            "waging a vigorous drive to carry out the tasks set forth in the New Year Address, filled with "
            "confidence and optimism about the future.",
            "The Kim Chaek Iron and Steel Complex has markedly increased the production of pig iron and steel "
            "by putting the oxygen-blast furnace on a normal footing and introducing energy-saving "
            "technologies on its own.",
            "Coal miners of the Pukchang area have launched new coal faces one after another and raised the "
            "daily output above the plan, ensuring a steady supply of coal to thermal power stations.",
            "Officials of the Ministry of Machine-building Industry said that the ministry is directing "
            "efforts to modernizing production lines and supplying equipment needed by the sectors of the "
            "national economy in good time.",
        ),
    ),
    DemoArticle(
        slug="mangyongdae-prize-marathon",
        title="Mangyongdae Prize Marathon Held in Pyongyang",
        published="2019-04-07T16:20:00+09:00",
        author="KCNA Monitor",
        categories=("Sports",),
        tags=("marathon", "Pyongyang"),
        theme="wpcom",
        ads=True,
        paragraphs=(
            "Pyongyang, April 7 (KCNA) -- The 30th Mangyongdae Prize International Marathon took place in "
            "Pyongyang on Sunday with the participation of amateur and professional runners from home and "
            "abroad.",
            "The runners started from Kim Il Sung Stadium and ran along the streets of the capital, cheered "
            "by tens of thousands of citizens lining the roads.",
            "In the men’s full course, Ri Kang Bom of the April 25 Sports Team came first, while Jo Un Ok of "
            "the Amnokgang Sports Team won the women’s event.",
            "Foreign amateur runners said that the marathon was well organized and that they were deeply "
            "impressed by the warm reception of the citizens of Pyongyang.",
        ),
    ),
    DemoArticle(
        slug="taehongdan-potato-farming",
        title="Potato Farming Brings Rich Harvest to Taehongdan",
        published="2019-06-20T10:05:00+09:00",
        author="Editorial Desk",
        categories=("Economy",),
        tags=("agriculture", "Ryanggang Province"),
        theme="core",
        comments=(
            Comment(
                "Tom Ellis",
                "2019-06-21T19:42:00+09:00",
                "Interesting to see the numbers on seed potatoes. Is the processing factory the same one "
                "that was rebuilt a few years ago?",
            ),
        ),
        paragraphs=(
            "The farmers of Taehongdan County, Ryanggang Province, are harvesting early potatoes in high "
            "spirits after a year of hard work on the highland fields.",
            ("h2", "Seeds and scientific farming"),
            "The county has introduced virus-free seed potatoes produced by tissue culture at the local "
            "biotechnology institute, and the farms have applied organic fertilizer and the crop rotation "
            "method in conformity with the climatic features of the highland.",
            "Farm hands of the Taehongdan Farm said that the per-hectare yield rose noticeably this year "
            "thanks to the seeds and the close guidance of agricultural scientists.",
            ("h2", "From field to table"),
            "The potato processing factory in the county turns the harvest into starch, noodles and "
            "confectionery, which are supplied to the people of the province and other parts of the country.",
        ),
    ),
    DemoArticle(
        slug="autumn-trade-fair",
        title="Pyongyang Autumn International Trade Fair Opens",
        published="2019-09-23T11:00:00+09:00",
        modified="2019-09-24T09:12:00+09:00",
        author="Naenara Digest",
        categories=("External Affairs", "Economy"),
        tags=("trade fair", "Pyongyang"),
        theme="wpcom",
        paragraphs=(
            "The 15th Pyongyang Autumn International Trade Fair opened at the Three-Revolution Exhibition "
            "House, with companies from more than ten countries and regions taking part.",
            "On display are machine tools, electronic goods, medicines, foodstuffs and daily necessities, "
            "as well as products of the country’s light industry and local industry factories.",
            "Related exhibitions of building materials and agricultural machinery were arranged in separate "
            "halls, drawing large crowds of officials and business representatives.",
            "Speakers at the opening ceremony expressed the hope that the fair would contribute to promoting "
            "economic exchange and cooperation among countries on the principles of independence, equality "
            "and mutual benefit.",
        ),
    ),
    DemoArticle(
        slug="chuseok-customs",
        title="Chuseok Observed with Visits to Ancestral Tombs and Folk Games",
        published="2019-09-13T07:40:00+09:00",
        author="Naenara Digest",
        categories=("Culture",),
        tags=("folk customs", "Chuseok"),
        theme="wpcom",
        paragraphs=(
            "Koreans celebrated Chuseok, the harvest moon festival that falls on the 15th day of the 8th "
            "month of the lunar calendar, in a cheerful atmosphere.",
            "Families visited the tombs of their ancestors with food prepared from newly harvested grain and "
            "fruits, paying respects to the deceased in keeping with long-standing custom.",
            "Ssirum (Korean wrestling) contests, swinging and seesaw jumping were held in parks and "
            "pleasure grounds, and the people tasted traditional dishes such as songphyon and rice cakes.",
        ),
    ),
    DemoArticle(
        slug="kimjang-custom",
        title="Kimjang, a Korean Custom of Preparing Kimchi for Winter",
        published="2019-11-22T09:15:00+09:00",
        author="VOK Transcripts",
        categories=("Culture", "Narrated"),
        tags=("Kimjang", "folk customs"),
        theme="core",
        paragraphs=(
            "When the cold wind blows in late autumn, every Korean family is busy with kimjang, the "
            "preparation of kimchi for the whole winter.",
            "Kimchi is made from Chinese cabbage and radish seasoned with a variety of ingredients. The "
            "main ones are:",
            ("ul", (
                "salted Chinese cabbage and radish",
                "red pepper powder, garlic and ginger",
                "green onion and leaf mustard",
                "salted fish or fresh pollack",
            )),
            "Neighbours help each other in kimjang, and the season has become an occasion that strengthens "
            "the bonds of friendship among them.",
            "Kimjang culture in the DPRK was inscribed on the Representative List of the Intangible Cultural "
            "Heritage of Humanity in 2015, and people take pride in handing it down to posterity.",
        ),
    ),
    DemoArticle(
        slug="science-engine-of-development",
        title="Science and Technology, the Engine of Economic Development",
        published="2020-01-28T06:50:00+09:00",
        author="Editorial Desk",
        categories=("Ideology", "Science"),
        tags=("science and technology",),
        theme="wpcom",
        paragraphs=(
            "Science and technology is the locomotive propelling the economic construction of the country, "
            "and all sectors and units are putting it at the forefront of their work.",
            "Scientists and technicians are solving the scientific and technological problems arising in "
            "the production of the key industrial sectors and in the people’s economy as a whole.",
            "Factories and enterprises run science and technology learning spaces where workers study the "
            "latest achievements in their field in their spare time, and the number of workers who have "
            "finished higher education while at work is increasing.",
            "Relying on science and technology is the surest way of making a breakthrough in the economic "
            "construction by our own efforts.",
        ),
    ),
    DemoArticle(
        slug="remote-medical-service",
        title="Remote Medical Service System Extends to County Hospitals",
        published="2020-03-05T11:30:00+09:00",
        author="Editorial Desk",
        categories=("Science",),
        tags=("health care",),
        theme="core",
        paragraphs=(
            "The remote medical service system linking central hospitals with provincial, city and county "
            "hospitals has been extended to more rural areas.",
            "Doctors of county hospitals can now consult specialists at the Kim Man Yu Hospital and other "
            "central hospitals on the diagnosis and treatment of difficult cases without sending patients to "
            "Pyongyang.",
            "Medical workers say that the system has helped improve the skills of doctors in the local "
            "areas and reduced the inconvenience of patients.",
        ),
    ),
    DemoArticle(
        slug="june-15-joint-declaration",
        title="Anniversary of June 15 North-South Joint Declaration",
        published="2020-06-15T08:00:00+09:00",
        author="KCNA Monitor",
        categories=("Korean Peninsula",),
        tags=("reunification", "KCNA"),
        theme="wpcom",
        paragraphs=(
            "Pyongyang, June 15 (KCNA) -- Today marks the 20th anniversary of the publication of the June 15 "
            "North-South Joint Declaration.",
            "The declaration clarified that the issue of national reunification should be solved "
            "independently by the concerted efforts of the Korean nation, the master of the issue.",
            "The document opened up a new era of reconciliation and cooperation between the north and the "
            "south, and it is still remembered by all Koreans as a milestone of national reunification.",
            "Commentators point out that respecting and implementing the agreements reached between the north "
            "and the south is the basic precondition for improving the inter-Korean relations.",
        ),
    ),
    DemoArticle(
        slug="mountain-village-teacher",
        title="Teacher of a Mountain Village School",
        published="2020-08-25T14:10:00+09:00",
        modified="2020-08-26T10:03:00+09:00",
        author="VOK Transcripts",
        categories=("Narrated", "Culture"),
        tags=("education",),
        theme="core",
        comments=(
            Comment(
                "Mirae",
                "2020-08-26T08:15:00+09:00",
                "A moving story. Teachers like her deserve every honour.",
            ),
            Comment(
                "J. Park",
                "2020-08-27T21:04:00+09:00",
                "Does anyone know the name of the school? I would like to read more about it.",
            ),
        ),
        paragraphs=(
            "In a small village deep in the mountains of Jagang Province there is a branch school with only "
            "eleven pupils.",
            "Its teacher, Ri Hyang Mi, volunteered to work there after graduating from a teachers’ college "
            "in Kanggye. For more than ten years she has taught the children of the woodcutters and farmers "
            "as her own.",
            "On snowy winter mornings she goes out on the mountain path to meet the children, and in summer "
            "she takes them to the valley to teach them the names of plants and insects.",
            "Last year two of her former pupils entered Kim Il Sung University. Ri Hyang Mi says that the "
            "happiest moment for a teacher is when the children grow up to be useful for the country.",
            "The state awarded her the title of People’s Teacher for her devoted efforts.",
        ),
    ),
    DemoArticle(
        slug="tideland-reclamation",
        title="Tideland Reclamation Project Makes Headway",
        published="2020-10-27T09:45:00+09:00",
        author="Editorial Desk",
        categories=("Economy",),
        tags=("construction", "North Phyongan Province"),
        theme="core",
        paragraphs=(
            "Builders of the Honggondo tideland reclamation project in North Phyongan Province have finished "
            "the construction of the second-stage embankment.",
            "They built the embankment of several kilometres by mobilizing all the machines and materials at "
            "their disposal and by introducing a new method of filling in the sea-bed.",
            "When the project is completed, thousands of hectares of new land will be added to the country, "
            "to be used for rice farming, salt pans and fish farms.",
        ),
    ),
    DemoArticle(
        slug="table-tennis-championships",
        title="National Table Tennis Championships Close",
        published="2020-12-16T15:25:00+09:00",
        author="Naenara Digest",
        categories=("Sports",),
        tags=("table tennis",),
        theme="wpcom",
        paragraphs=(
            "The national table tennis championships closed at the Chongchun Street table tennis gymnasium "
            "in Pyongyang after a week of keen contests.",
            "Players of the Pyongyang City, Kigwancha and Amnokgang sports teams competed in the men’s and "
            "women’s singles, doubles and team events.",
            "Kim Song Il of the Pyongyang City Sports Team won the men’s singles and Pyon Song Gyong of the "
            "Amnokgang Sports Team came first in the women’s singles.",
            "Coaches said the championships showed a rise in the technical level of young players.",
        ),
    ),
    DemoArticle(
        slug="juche-idea-seminars-abroad",
        title="Seminars on the Juche Idea Held Abroad",
        published="2021-02-23T17:05:00+09:00",
        author="KCNA Monitor",
        categories=("External Affairs", "Ideology"),
        tags=("Juche", "friendship"),
        theme="core",
        paragraphs=(
            "Seminars on the Juche idea were held by study groups and friendship societies in several "
            "countries of Asia, Africa and Latin America.",
            "Speakers said that the Juche idea, which holds that the masters of the revolution and "
            "construction are the popular masses, is the guiding idea for all countries that want to build "
            "a new society by their own efforts.",
            "Participants adopted letters expressing their support for the Korean people in their efforts "
            "for the prosperity of the country and the peaceful reunification of Korea.",
        ),
    ),
    DemoArticle(
        slug="solar-cell-efficiency",
        title="Researchers Raise Efficiency of Thin-film Solar Cells",
        published="2021-05-19T10:40:00+09:00",
        author="Naenara Digest",
        categories=("Science",),
        tags=("science and technology", "energy"),
        theme="wpcom",
        paragraphs=(
            "Researchers at the Institute of Thin Film Technology of the State Academy of Sciences have "
            "raised the conversion efficiency of thin-film solar cells.",
            "The research team began the work in March Juche 110 (2021), aiming to produce solar cells with "
            "locally available materials.",
            "They developed a new process of depositing the light-absorbing layer, which reduces the "
            "production cost and the consumption of electricity.",
            "The cells are expected to be widely used in homes, farms and public buildings as a source of "
            "renewable energy.",
        ),
    ),
    DemoArticle(
        slug="fishermen-overfulfil-catch-plan",
        title="Fishermen Overfulfil Quarterly Catch Plan",
        published="2021-07-14T08:20:00+09:00",
        author="KCNA Monitor",
        categories=("Economy",),
        tags=("fishing", "KCNA"),
        theme="core",
        paragraphs=(
            "Pyongyang, July 14 (KCNA) -- Fishermen of fishery stations on the east and west coasts have "
            "overfulfilled their catch plan for the second quarter.",
            "The Sinpho Deep-Sea Fishery Complex and the Hongwon Fishery Station caught large quantities of "
            "squid and pollack by repairing their vessels in time and sending them out to rich fishing "
            "grounds.",
            "The fish processing bases increased the production of salted, dried and canned fish to be "
            "supplied to the people.",
        ),
    ),
    DemoArticle(
        slug="wpk-founding-anniversary",
        title="76th Founding Anniversary of the WPK Celebrated",
        published="2021-10-11T09:00:00+09:00",
        author="Editorial Desk",
        categories=("Ideology",),
        tags=("WPK", "anniversary"),
        theme="core",
        comments=(
            Comment(
                "reader_84",
                "2021-10-12T13:30:00+09:00",
                "Thanks for posting the Korean text as well.",
            ),
        ),
        paragraphs=(
            "October 10, Juche 110 (2021) marked the 76th founding anniversary of the Workers’ Party of "
            "Korea, and celebrations were held across the country.",
            "주체110(2021)년 10월 10일 평양에서는 조선로동당창건 76돐을 경축하는 행사들이 성대히 진행되였다.",
            "A national lecture meeting, art performances and a fireworks display took place in Pyongyang, "
            "and working people visited the monuments and revolutionary sites in various parts of the "
            "country.",
            "Speakers at the meetings said that the WPK has always regarded the interests of the people as "
            "the first and foremost and has led the Korean revolution along the road of victory.",
            "Delegations and friendship groups abroad sent congratulatory messages and floral baskets on "
            "the occasion of the anniversary.",
        ),
    ),
    DemoArticle(
        slug="consumer-goods-production",
        title="Light Industry Factories Increase Production of Consumer Goods",
        published="2021-12-28T13:35:00+09:00",
        author="Naenara Digest",
        categories=("Economy",),
        tags=("light industry",),
        theme="wpcom",
        ads=True,
        paragraphs=(
            "Light industry factories across the country have increased the production of consumer goods "
            "in the last month of the year, true to the policy of putting the people’s needs first.",
            "The factories have renovated their production processes and made use of local raw materials to "
            "turn out a wider variety of goods of higher quality. Among the new products are:",
            ("ul", (
                "winter clothes and shoes for children",
                "cosmetics of the Pyongyang Cosmetics Factory",
                "foodstuffs and soft drinks made from local materials",
                "kitchen utensils and household goods",
            )),
            "The goods are sold at shops and department stores in Pyongyang and the provinces and are "
            "popular with the people.",
        ),
    ),
    DemoArticle(
        slug="precious-guideline",
        title="Precious Guideline",
        published="2022-01-20T07:30:00+09:00",
        author="VOK Transcripts",
        categories=("Ideology", "Narrated"),
        theme="wpcom",
        ads=True,
        paragraphs=(
            "The respected Kim Jong Un has conducted energetic ideological and theoretical activities while "
            "leading the Workers’ Party of Korea.",
            "He made public many works last year, including “On the Important Tasks for Strengthening Party "
            "Cells at Present” and “Let Us Further Improve and Strengthen the Party Work in Line with the New "
            "Period of Development of Socialist Construction”, clearly elucidating the issues arising in the "
            "Party building and activities.",
            "Researcher Kim Ryu Chol at the Academy of Social Sciences says: “The respected Kim Jong Un guided "
            "a lot of Party meetings in 2021 to make the Workers’ Party of Korea successfully perform its "
            "mission and role as the leading political organization of the revolution.",
            "Those meetings were run through with the love for the people and the lines advanced there served "
            "as a precious guideline for strengthening and developing the Party.”",
            "In the Democratic People’s Republic of Korea, cities and counties constitute terminal units in "
            "the execution of the Party policies and its guidance. The Party policies are conveyed to all "
            "people through cities and counties and their duty is very important in enhancing the leadership "
            "ability of the Party.",
            "Therefore, Kim Jong Un organized a short course for chief secretaries of the city and county "
            "Party committees, the first of its kind in the history of the Party, in March Juche 110 (2021).",
            "In the short course, he stressed that the city and county Party committees are the political "
            "General Staff organizing and guiding all the work in the regions concerned, whereas the Party "
            "Central Committee is the supreme General Staff of the Korean revolution, and that the chief "
            "secretaries of the city and county Party committees play an important role in leading the "
            "development of their regions. And he said the people actually feel the dignity and authority of "
            "the Party Central Committee and the love and trust of the motherly Party through the working "
            "methods and styles of the county Party committees, their chief secretaries in particular.",
            "As the human body is strong when its cells fulfil their functions correctly, so the party can be "
            "a militant one when its cells play their roles properly.",
            "The WPK has regularly held conferences of cell secretaries in order to strengthen the cell, an "
            "organization at the lowest echelon.",
            "The Sixth Conference of Cell Secretaries took place in early April last year.",
            "Guiding the conference, Kim Jong Un made clear that it is the most important task for "
            "strengthening the Party cells at present to turn all of them into healthy and viable cells which "
            "are closely knitted in bonds of human feelings.",
            "And he presented an idea on Party building that the WPK should become the true servant of the "
            "people.",
            "October 10, Juche 110 (2021) was the 76th founding anniversary of the WPK. Kim Jong Un gave a "
            "lecture on the occasion of the day.",
            "He put emphasis on the principles, ways and styles of work to be thoroughly maintained by the "
            "leading Party officials.",
            "The lecture was of great significance in vigorously propelling the building of Korean-style "
            "socialism by further strengthening and developing the Party building, Party activities and Party "
            "work as a whole.",
            "The leadership ability and fighting efficiency of the WPK could be radically improved thanks to "
            "the precious guideline for the Party building and activities provided by Kim Jong Un.",
        ),
    ),
    DemoArticle(
        slug="diplomatic-ties-anniversary",
        title="Anniversary of Diplomatic Relations with Laos Marked",
        published="2022-03-18T11:10:00+09:00",
        author="KCNA Monitor",
        categories=("External Affairs",),
        tags=("diplomacy", "Laos"),
        theme="core",
        paragraphs=(
            "A reception was given in Pyongyang to mark the anniversary of the establishment of diplomatic "
            "relations between the DPRK and the Lao People’s Democratic Republic.",
            "Speakers at the reception recalled that the two countries have supported and cooperated with "
            "each other in the struggle for independence and socialism.",
            "They expressed the belief that the traditional relations of friendship and cooperation between "
            "the two parties, governments and peoples would grow stronger.",
        ),
    ),
    DemoArticle(
        slug="land-management-campaign",
        title="Spring Land Management Campaign Under Way",
        published="2022-05-04T08:45:00+09:00",
        author="KCNA Monitor",
        categories=("Economy",),
        tags=("KCNA", "land management"),
        theme="wpcom",
        paragraphs=(
            "Pyongyang, May 4 (KCNA) -- The spring general mobilization for land management is in full swing "
            "across the country.",
            "Officials and working people are planting trees on mountains and along roads and rivers, and "
            "repairing river embankments and roads before the rainy season.",
            "In Pyongyang, citizens have planted hundreds of thousands of saplings of fruit trees and "
            "ornamental trees in parks, residential districts and along the Taedong River.",
            "The tree nurseries of provinces have supplied saplings of fast-growing and economically valuable "
            "species in good time.",
        ),
    ),
    DemoArticle(
        slug="victory-day-war-museum",
        title="Working People Visit War Museum on Victory Day",
        published="2022-07-27T10:00:00+09:00",
        author="Editorial Desk",
        categories=("Ideology", "Korean Peninsula"),
        tags=("anniversary", "Pyongyang"),
        theme="core",
        paragraphs=(
            "Working people, youth and students visited the Victorious Fatherland Liberation War Museum on "
            "the occasion of the 69th anniversary of the victory in the Fatherland Liberation War.",
            "Looking round the exhibits, the visitors learned about the heroic deeds performed by the "
            "soldiers and people during the three-year war.",
            "War veterans told the young visitors about the battles they took part in and called on them to "
            "carry forward the spirit of the wartime generation in building a prosperous country.",
        ),
    ),
    DemoArticle(
        slug="tomb-murals-conservation",
        title="Conservation Scientists Preserve Ancient Tomb Murals",
        published="2022-09-09T16:00:00+09:00",
        modified="2022-09-13T11:25:00+09:00",
        author="Naenara Digest",
        categories=("Culture", "Science"),
        tags=("heritage", "Koguryo"),
        theme="wpcom",
        paragraphs=(
            "Scientists of the National Authority for the Protection of Cultural Heritage have completed the "
            "conservation of murals in a Koguryo tomb in South Phyongan Province.",
            ("h2", "Protecting colours from moisture"),
            "The murals, painted more than 1 500 years ago, depict the life of the people of Koguryo, hunting "
            "scenes and the four guardian deities. The scientists developed a method of controlling the "
            "humidity and temperature inside the tomb to keep the pigments from fading.",
            ("h2", "Recording for posterity"),
            "All the murals were photographed and scanned in three dimensions, and the data have been stored "
            "for research and education.",
            "The Complex of Koguryo Tombs was inscribed on the World Heritage List in 2004.",
        ),
    ),
    DemoArticle(
        slug="weightlifters-national-records",
        title="Weightlifters Set New National Records",
        published="2023-04-25T12:30:00+09:00",
        author="Naenara Digest",
        categories=("Sports",),
        tags=("weightlifting",),
        theme="core",
        paragraphs=(
            "Three new national records were set at the national weightlifting championships which closed "
            "in Pyongyang.",
            "Kim Il Gyong of the April 25 Sports Team lifted a total of 224 kg in the women’s 59 kg class, "
            "and Ri Won Ju of the Kigwancha Sports Team broke the record in the snatch of the men’s 67 kg "
            "class.",
            "The championships saw a large number of young weightlifters display good techniques.",
        ),
    ),
    DemoArticle(
        slug="empty-entry",
        title="Exhibition of Industrial Art Works Opens",
        published="2023-05-16T09:00:00+09:00",
        author="Editorial Desk",
        categories=("Culture",),
        theme="core",
        expect_rejected=True,
        paragraphs=(),
    ),
    DemoArticle(
        slug="rice-transplanting-completed",
        title="Rice Transplanting Completed on Schedule",
        published="2023-06-08T07:55:00+09:00",
        author="KCNA Monitor",
        categories=("Economy",),
        tags=("agriculture", "KCNA"),
        theme="wpcom",
        ads=True,
        paragraphs=(
            "Pyongyang, June 8 (KCNA) -- Farmers across the country have completed rice transplanting at the "
            "best time.",
            "Cooperative farms in the granaries of South Hwanghae and South Phyongan provinces used "
            "rice-transplanting machines widely and ensured the quality of transplanting.",
            "Officials, workers and students of the cities went to the countryside to help the farmers, and "
            "factories supplied spare parts for farm machinery in time.",
            "The farms are now busy with weeding and applying fertilizer to the rice and maize fields.",
        ),
    ),
    DemoArticle(
        slug="housing-for-scientists",
        title="New Flats Given to Scientists and Educators",
        published="2023-08-21T10:25:00+09:00",
        author="Editorial Desk",
        categories=("Science",),
        tags=("housing", "science and technology"),
        theme="core",
        paragraphs=(
            "A ceremony of moving into new flats took place in a street of dwelling houses for scientists "
            "and educators in Pyongyang.",
            "The flats are furnished with furniture and household goods, and the street has a kindergarten, "
            "a clinic, shops and a science and technology library.",
            "A researcher of the State Academy of Sciences who moved into a new flat with his family said "
            "that he would repay the care of the state with valuable research results.",
            "Categories of beneficiaries include researchers who have made inventions of great value to the "
            "national economy, teachers of universities and merited scientists who have worked for decades.",
        ),
    ),
    DemoArticle(
        slug="youth-football-tournament",
        title="Children’s Football Team Wins National Youth Tournament",
        published="2023-10-03T15:45:00+09:00",
        author="Naenara Digest",
        categories=("Sports",),
        tags=("football", "youth"),
        theme="wpcom",
        paragraphs=(
            "The team of the Pyongyang International Football School won the national youth football "
            "tournament, beating the Kaesong team 2-1 in the final.",
            "Forward Jong Chung Hyok scored the winning goal in the last minutes of the match, to the "
            "applause of the spectators.",
            "The tournament saw school teams from all provinces show their skills, and coaches said that the "
            "level of youth football had risen markedly.",
        ),
    ),
    DemoArticle(
        slug="commentary-military-drills",
        title="KCNA Commentary on Joint Military Drills",
        published="2023-12-12T09:30:00+09:00",
        author="KCNA Monitor",
        categories=("Korean Peninsula",),
        tags=("KCNA", "commentary"),
        theme="core",
        paragraphs=(
            "Large-scale joint military drills are being staged again in and around south Korea, escalating "
            "tension on the Korean peninsula.",
            "The drills involve strategic assets and large numbers of troops, and are aimed at rehearsing an "
            "attack on the DPRK, the commentary says.",
            "It notes that such reckless moves only aggravate the situation and warns that the DPRK will "
            "continue to bolster its self-defensive capabilities to protect the sovereignty of the country "
            "and the peace of the region.",
        ),
    ),
    DemoArticle(
        slug="womens-day-celebrated",
        title="International Women’s Day Celebrated",
        published="2024-03-08T11:00:00+09:00",
        author="VOK Transcripts",
        categories=("Culture",),
        tags=("women",),
        theme="wpcom",
        paragraphs=(
            "Functions were held across the country on the occasion of International Women’s Day.",
            "Women working in the fields of science, education, public health and industry were honoured at "
            "meetings, and their husbands and children presented them with flowers and gifts.",
            "Art performances, sports games and evening parties were given in workplaces and residential "
            "areas, and restaurants in Pyongyang were crowded with families celebrating the day.",
        ),
    ),
    DemoArticle(
        slug="all-boilerplate",
        title="Photo Gallery: Spring in Pyongyang",
        published="2024-05-22T10:30:00+09:00",
        author="Naenara Digest",
        categories=("Culture",),
        tags=("Pyongyang",),
        theme="wpcom",
        ads=True,
        expect_rejected=True,
        paragraphs=(),
    ),
    DemoArticle(
        slug="flood-restoration-campaign",
        title="Flood Damage Restoration Campaign Under Way",
        published="2024-08-05T08:15:00+09:00",
        modified="2024-08-05T17:40:00+09:00",
        author="Editorial Desk",
        categories=("Economy",),
        tags=("construction", "North Phyongan Province"),
        theme="core",
        paragraphs=(
            "A campaign to restore the areas damaged by the recent heavy rains along the Amnok River is "
            "being waged in North Phyongan and Jagang provinces.",
            "Builders and soldiers have been dispatched to the stricken areas, and work is under way to "
            "repair embankments, roads and bridges and to build new houses for the people who lost their "
            "homes.",
            "Supplies of food, medicines and daily necessities sent from all parts of the country are being "
            "delivered to the residents.",
            "The residents are staying in accommodation in Pyongyang until the new houses are completed.",
            "From Rodong Sinmun, Juche 113.8.4.",
        ),
    ),
    DemoArticle(
        slug="masikryong-ski-season",
        title="Masikryong Ski Resort Opens for the Season",
        published="2024-12-10T13:00:00+09:00",
        author="Naenara Digest",
        categories=("Sports", "Culture"),
        tags=("skiing", "tourism"),
        theme="wpcom",
        paragraphs=(
            "The Masikryong Ski Resort in Kangwon Province has opened for the winter season.",
            "The resort has slopes for beginners and experienced skiers, a hotel, an indoor swimming pool "
            "and a skating rink.",
            "Visitors from Pyongyang and other parts of the country are enjoying skiing and sledding amid "
            "the beautiful snowy scenery of the mountains.",
        ),
    ),
    DemoArticle(
        slug="spring-sowing-begins",
        title="Spring Sowing Begins at Cooperative Farms",
        published="2025-03-21T08:40:00+09:00",
        author="KCNA Monitor",
        categories=("Economy",),
        tags=("agriculture", "KCNA"),
        theme="core",
        paragraphs=(
            "Pyongyang, March 21 (KCNA) -- Cooperative farms across the country have begun sowing rice "
            "seedbeds and spring wheat and barley.",
            "The farms prepared seeds, fertilizer and farm machines in advance, drawing on the experience of "
            "the bumper harvest of last year.",
            "Agricultural scientists are helping the farms introduce the advanced farming methods adopted at "
            "the national meeting of agricultural workers held in early April last year.",
        ),
    ),
    DemoArticle(
        slug="songdowon-childrens-camp",
        title="Summer at Songdowon Children’s Camp",
        published="2025-07-16T10:15:00+09:00",
        author="VOK Transcripts",
        categories=("Narrated", "Culture"),
        tags=("children", "Wonsan"),
        theme="wpcom",
        paragraphs=(
            "Songdowon Children’s Camp on the coast of Wonsan is crowded with schoolchildren during the "
            "summer vacation.",
            "The children swim in the sea, climb the nearby hills and learn to sail and to make models of "
            "ships and planes.",
            "In the evening they gather around a campfire to sing songs and tell each other about their "
            "schools and home villages.",
            "A teacher who accompanied the children said that the days at the camp would remain a precious "
            "memory for them all their lives.",
        ),
    ),
]


def _check(articles: list[DemoArticle]) -> None:
    """Import-time sanity: unique permalinks and dates, known themes and categories, shapes of blocks."""
    paths = [article.path for article in articles]
    assert len(set(paths)) == len(paths), "two articles share a permalink"
    dates = [article.published_at for article in articles]
    assert len(set(dates)) == len(dates), "two articles share a publication time"
    for article in articles:
        assert article.theme in THEMES, article.slug
        assert set(article.categories) <= set(CATEGORIES), article.slug
        assert 1 <= len(article.categories) <= 2 and len(article.tags) <= 3, article.slug
        assert article.published_at.utcoffset() is not None, article.slug
        assert article.expect_rejected or article.paragraphs, article.slug
        assert not article.comments or article.theme == "core", article.slug
        for block in article.paragraphs:
            assert isinstance(block, str) or (
                isinstance(block, tuple) and len(block) == 2 and block[0] in ("h2", "h3", "ul", "ol")
            ), (article.slug, block)


_check(ARTICLES)
