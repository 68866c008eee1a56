package dev.lucy.memory;

import dev.lucy.memory.Extraction.Reason;
import dev.lucy.memory.spi.FactExtractor;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Lucy's default {@link FactExtractor}: patterns for durable statements (targets and metrics, stack and tools,
 * roles and reporting lines, preferences, decisions, deadlines, company facts), and rejection of questions,
 * hypotheticals, examples, tests, hedges, instructions and small talk. Stateless and thread safe; microseconds
 * per message.
 */
public final class RuleBasedExtractor implements FactExtractor {
    private static final int MAX_FACT_CHARS = 400;

    private static final Pattern SLACK_LINK = Pattern.compile("<(?:https?|mailto):[^|>]*\\|([^>]*)>");
    private static final Pattern SLACK_MARKUP = Pattern.compile("<[@#!][^>]*>|<https?:[^>]*>|:[a-z0-9_+-]+:");
    private static final Pattern ADDRESS = Pattern.compile("^(?i:(?:hey|hi|ok|okay)?[ ,]*lucy\\b[,:!]?\\s*)");
    private static final Pattern EXPLICIT = Pattern.compile("^(?i:(?:(?:can|could|would|will) you\\s+)?(?:please\\s+)?"
            + "(?:remember|note|keep in mind|don't forget|do not forget|fyi|for the record|just so you know"
            + "|for your info(?:rmation)?|heads up|save this|store this)\\b[:,!-]*\\s*"
            + "(?:(?:this|the following)\\b\\s*[:,!-]+\\s*|this\\s*$)?(?:that\\s+)?)");
    private static final Pattern SLACK_CHANNEL = Pattern.compile("<#[A-Z0-9]+\\|([^>]+)>");
    private static final Pattern SENTENCE_END = Pattern.compile("(?<=[.!?;])\\s+|\\n+");

    private static final Pattern SMALL_TALK = Pattern.compile("^(?:hi|hello|hey|yo|thanks|thank you|thx|ty|ok|okay|"
            + "k|cool|nice|great|lol|haha+|good (?:morning|night|afternoon|evening)|how are you|how's it going|"
            + "sounds good|got it|ship it|awesome|perfect|np|no worries|see you|bye|cheers|welcome|congrats|"
            + "congratulations|well done|nice work|good job|yes|no|yep|nope|sure|done|lgtm|\\+1)"
            + "(?:[ ,]+(?:lucy|team|all|everyone|so much|a lot|again|guys|folks))*[ !.,:)]*$");
    private static final Pattern TEST =
            Pattern.compile("\\b(?:this is (?:just )?a test|test(?:ing)? (?:message|msg|post)"
                    + "|^testing\\b|^test\\b|sample (?:data|text|message|fact)|dummy (?:data|text|fact)|lorem ipsum"
                    + "|ignore this|asdf|foo ?bar)\\b");
    private static final Pattern HYPOTHETICAL = Pattern.compile("\\b(?:what if|imagine|suppose|supposing|hypothetically"
            + "|let's say|lets say|say we|if we (?:were|had|did|switched|used|moved|decided|hired|doubled)|assuming"
            + "|would we|in theory|pretend|in a world where|if i were)\\b");
    private static final Pattern EXAMPLE =
            Pattern.compile("\\b(?:for example|for instance|e\\.g\\.|as an example|example:|an example of)");
    private static final Pattern QUESTION_START = Pattern.compile("^(?:what|what's|whats|who|who's|whom|whose|which"
            + "|when|where|why|how|is|are|do|does|did|can|could|would|should|will|shall|have|has|may|am|isn't|aren't"
            + "|don't|doesn't|won't|any idea|anyone know|tell me|remind me|explain|show me|find|look up|search)\\b");
    private static final Pattern UNCERTAIN = Pattern.compile("\\b(?:maybe|perhaps|might|probably|not sure|i think"
            + "|i guess|i believe|possibly|considering|thinking about|we could|we should consider|not yet decided"
            + "|undecided|tbd|rumou?r)\\b");
    private static final Pattern INSTRUCTION = Pattern.compile("\\b(?:ignore (?:all |any |the |your )?(?:previous|prior"
            + "|above|earlier|other)|disregard (?:all |any |the |your )?(?:previous|prior|above|instructions)"
            + "|system prompt|you are now|act as|jailbreak|developer mode|new instructions|override (?:your|the)"
            + " (?:rules|instructions)|reveal (?:your|the) (?:prompt|instructions|secrets?|tokens?|keys?))\\b");

    private static final String VALUE = "(.+)";
    private static final String METRIC_WORDS = "(?:target|goal|quota|budget|okr|kpi|arr|mrr|revenue|churn|nps|burn"
            + "|burn rate|runway|headcount|price|pricing|margin|conversion rate|retention|north star|sla|uptime"
            + "|cac|ltv|gmv|bookings|pipeline|minimum|acv|deal size|contract value|payback|payback target|cac payback)s?";

    private static final Pattern SWITCH =
            Pattern.compile("\\b(?:we|our (?:company|team|org|engineering team|[a-z]+ team))"
                    + "(?:'ve| have)? (?:just |recently |officially |now )?(?:switched|moved|migrated|changed|transitioned"
                    + "|upgraded|went|are moving|'re moving)(?: over)?(?: (our [a-z ]+?|everything))?(?: (?:from|off(?: of)?|away from) ([^,]+?))? to "
                    + VALUE);
    private static final Pattern USES = Pattern.compile("\\b(?:(our (?:company|product|org|organization|stack|backend"
            + "|frontend|app|platform|infra|infrastructure|codebase|website|site|api|engineering|eng)"
            + "(?: team)?)|(our (?:[a-z]+ )?team|my team|the (?:[a-z]+ )?team)|we) (?:use|uses|run|runs|are using"
            + "|'re using|is using|is built (?:with|on|in)|are built (?:with|on)|built on|rely on|relies on"
            + "|standardi[sz]ed on|is written in|are written in|work in|works in|host on|hosts on|is hosted on"
            + "|deploy to|deploys to|track (?:everything|issues|work|tasks) in|tracks (?:issues|work) in"
            + "|manage (?:everything|tasks|projects) in)\\s+" + VALUE);
    private static final Pattern METRIC = Pattern.compile("^(?:(?:our|the|my team's|our team's|the team's|this"
            + " quarter's|this year's|company|team)\\s+)?((?:[\\w$%&/-]+\\s+){0,4}?" + METRIC_WORDS
            + ")(?:\\s+(?:(?:for|in) )?(?:q[1-4]|h[12]|20\\d\\d|this (?:quarter|year|month)|next (?:quarter|year)))?"
            + "(?:\\s+(?:for|per|of|on) (?:the |our |each |every )?[\\w -]{1,30}?)?"
            + "\\s*(?:is|are|was set to|has been set to|will be|stands at|=|:|is now|are now|came in at|landed at"
            + "|is at|is sitting at|hit)\\s+" + VALUE);
    private static final Pattern TARGETING = Pattern.compile("\\bwe(?:'re| are) (?:targeting|aiming for|aiming at"
            + "|shooting for|aiming to hit|committed to)\\s+" + VALUE);
    private static final Pattern PERIOD = Pattern.compile(
            "\\b(q[1-4]|h[12]|fy ?\\d{2,4}|20\\d\\d|this (?:quarter" + "|year|month)|next (?:quarter|year))\\b");

    private static final Pattern MY_RELATION = Pattern.compile("(?i:\\bmy (manager|boss|lead|team lead|tech lead"
            + "|skip(?: level)?|mentor|director|buddy|onboarding buddy|report|direct report|cofounder|co-founder"
            + "|assistant|pm|product manager|designer|counterpart)\\s+is\\s+)([A-Z][\\w'-]+(?: [A-Z][\\w'-]+)?)");
    private static final Pattern REPORTS_TO = Pattern.compile("([A-Z][\\w'-]+(?: [A-Z][\\w'-]+)?|(?i:i))"
            + "(?i: (?:now )?reports? (?:directly )?to )([A-Z][\\w'-]+(?: [A-Z][\\w'-]+)?|(?i:me))");
    private static final String ROLE_WORDS = "(?:head|lead|director|vp|vice president|manager|cto|ceo|cfo|coo|cmo"
            + "|cpo|founder|co-founder|cofounder|engineer|designer|pm|product manager|owner|tech lead|team lead"
            + "|architect|analyst|recruiter|intern|chief [a-z]+ officer|staff engineer|principal engineer|em"
            + "|engineering manager|eng manager|eng lead|engineering lead|account executive|ae|sdr|marketer|scientist)";
    private static final Pattern I_AM_ROLE =
            Pattern.compile("(?i)\\bi(?:'m| am) (?:now )?(?:the |a |an |our )?(?:new )?"
                    + "(?:senior |junior |lead |principal |staff )?(" + ROLE_WORDS
                    + "\\b(?: (?:of|for|on|in) [\\w &-]+)?)");
    private static final Pattern NAME_IS_ROLE = Pattern.compile("([A-Z][\\w'-]+(?: [A-Z][\\w'-]+)?)(?i: is (?:now )?"
            + "(?:our|the|a|an) (?:new )?(?:senior |junior |interim |acting )?)((?i:" + ROLE_WORDS
            + "|new hire|hire)\\b(?i:(?: (?:of|for|on|in) [\\w &-]+)?))");
    private static final Pattern JOINED = Pattern.compile("([A-Z][\\w'-]+(?: [A-Z][\\w'-]+)?)(?i: (?:just |has )?"
            + "(?:joined|joins|is joining|started on|starts on|will join) (?:the |our )?)((?i:[\\w -]+?team|[\\w -]+?))"
            + "(?i:\\b(?: as (?:a |an |our )?([\\w -]+))?)(?:[.,!]|$)");

    private static final Pattern RATHER = Pattern.compile("\\bi(?:'d| would) (?:much )?rather\\s+" + VALUE);
    private static final Pattern KEEP_ANSWERS = Pattern.compile("^(?:please )?(?:keep|make) (?:your |the )?(?:answers"
            + "|replies|responses|summaries|messages|updates)\\s+" + VALUE);
    private static final Pattern PREFERS_I = Pattern.compile("\\bi (?:really |always |much |generally |usually )?"
            + "(?:prefer|like|want|'d like|would like|love|hate|dislike|don't like|do not like|can't stand"
            + "|need)\\s+" + VALUE);
    private static final Pattern PLEASE_ALWAYS = Pattern.compile("^(?:please )?(?:always|never|don't ever"
            + "|do not ever) (?:use|give|send|reply|answer|write|format|respond|include|add|keep|put|call|"
            + "mention|ping|tag|cc)\\b\\s*" + VALUE);
    private static final Pattern TEAM_PREFERS = Pattern.compile("\\b(our (?:[a-z]+ )?team|we|the (?:[a-z]+ )?team"
            + "|our company) (?:prefer|prefers|like|likes|favou?r|favou?rs)\\s+" + VALUE);

    private static final Pattern DECIDED = Pattern.compile("\\b(?:(our (?:[a-z]+ )?team|the (?:[a-z]+ )?team|we"
            + "|leadership|the board|management|the company))(?:'ve| have|'re| are)? (?:officially |finally |just )?"
            + "(?:decided|agreed|chose|have chosen|committed|settled on|going with|are going with|'re going with"
            + "|will go with|voted)\\s+(?:to |on |with |that )?" + VALUE);
    private static final Pattern DECISION_IS =
            Pattern.compile("^(?:the |our )?(?:final )?decision (?:is|was|has been) (?:made )?(?:to |that )?" + VALUE);

    private static final Pattern DEADLINE_OF = Pattern.compile("\\b(?:the |our )?(?:hard |final )?deadline (?:for|of"
            + "|on) (?:the )?(.+?) is (?:now )?(?:on |by )?" + VALUE);
    private static final Pattern DUE =
            Pattern.compile("^(?:the |our )?(.+?) (?:is|are) (?:now )?due (?:on |by |in" + " |at )?" + VALUE);
    private static final Pattern SHIP_BY = Pattern.compile("\\bwe (?:need to|must|have to|'ll|will|are going to"
            + "|'re going to|plan to|are planning to|'re planning to) (ship|launch|release|deliver|finish|complete"
            + "|close|migrate|hire|sign) (.+?) (?:by|before|on|no later than) " + VALUE);
    private static final Pattern LAUNCHES_ON = Pattern.compile("^(?:the |our )?(.+?) (?:launches|ships|goes live"
            + "|releases|is launching|is shipping|will launch|will ship|will go live|kicks off|starts) (?:on|in"
            + "|by|next) " + VALUE);

    private static final Pattern COMPANY_IS = Pattern.compile("\\bour (company|product|products|customers?|clients?"
            + "|mission|vision|main competitor|competitors?|hq|headquarters|head office|main office|office|offices|users?|market|icp"
            + "|ideal customer(?: profile)?|brand|tagline|business model|fiscal year|biggest customer"
            + "|largest customer|main product|flagship product|core product|app|website|domain|support hours"
            + "|on-call rotation|release cadence|sprint length|sprints)\\s+(?:is|are|was|were|has|have|sells?"
            + "|includes?|consists? of|lives?|is located|are located|is based|are based|runs?|starts?|serves?"
            + "|targets?|last|lasts|is called|are called)\\s+" + VALUE);
    private static final Pattern WE_ARE = Pattern.compile("\\bwe(?:'re| are) (?:a|an) ([\\w -]+?(?:company|startup"
            + "|business|agency|platform|marketplace|shop|firm|nonprofit|non-profit))\\b(.*)");
    private static final Pattern WE_HAVE_COUNT = Pattern.compile("\\bwe (?:now )?have (?:about |around |roughly "
            + "|over |nearly )?(\\d[\\d,.]*k?\\+?) (employees|people|engineers|customers|users|clients|designers"
            + "|salespeople|offices|stores|locations|paying customers|active users)\\b");
    private static final Pattern TEAM_OWNS = Pattern.compile("\\b(?:the |our )([\\w -]+?) team (?:owns|handles"
            + "|is responsible for|runs|maintains|manages|is in charge of)\\s+" + VALUE);
    private static final Pattern TEAM_SIZE = Pattern.compile("\\b(?:the |our |my )([\\w -]*?)team (?:is|has)"
            + " (?:now )?(\\d+|one|two|three|four|five|six|seven|eight|nine|ten|twelve|fifteen|twenty)"
            + "(?: people| engineers| members| folks| designers)?\\b");

    private static final Pattern SPEAKER_STATUS = Pattern.compile("\\bi(?:'m| am| will be|'ll be) (?:out|ooo|off"
            + "|on (?:vacation|leave|holiday|pto|parental leave|sick leave)|travel(?:l)?ing|away)\\b(.*)");
    private static final Pattern SPEAKER_WORKING = Pattern.compile("\\bi(?:'m| am) (?:currently |now )?"
            + "(?:working on|focused on|focusing on|heads down on|responsible for|in charge of|leading|running"
            + "|owning)\\s+" + VALUE);
    private static final Pattern SPEAKER_LOCATION = Pattern.compile("\\b(?:i(?:'m| am) (?:based|located) in|i live in"
            + "|i work from|my (?:time ?zone|timezone|tz) is)\\s+" + VALUE);

    private static final Pattern COMPANY_SIGNAL = Pattern.compile("\\b(?:our (?:company|product|products|customers"
            + "|clients|org|organization|business|platform|app|stack)|we use|the company|company-wide|companywide"
            + "|across the company|we switched|we moved|we migrated)\\b");
    private static final Pattern TEAM_SIGNAL = Pattern.compile(
            "\\b(?:our team|my team|the team|\\w+ team|head of" + "|reports to|new hire|joined|manager|squad)\\b");

    private static final Pattern STANDING_LEAD = Pattern.compile("^(?:going forward|moving forward|from now on"
            + "|from here on(?: out)?|in (?:the )?future|starting (?:today|now|tomorrow|this week|next week|monday)"
            + "|henceforth|as a rule)\\b[,:]?\\s*(?:please\\s+)?(.+)");
    private static final Pattern STANDING_TAIL = Pattern.compile("^(?:please\\s+)?(.+?)[,]?\\s+(?:going forward"
            + "|moving forward|from now on|from here on(?: out)?|in (?:the )?future)[.!]*$");
    private static final Pattern STANDING_ROUTE = Pattern.compile("^(?:please )?(?:always|never|don't ever"
            + "|do not ever) (?:send|include|add|put|mention|ping|tag|cc|bcc|loop in|copy|post|share|notify|invite"
            + "|check|ask|remind|schedule|book|file|assign|route|forward|escalate)\\b.*");
    private static final Pattern ACTION_START = Pattern.compile("^(?:(?:please )?(?:always|never|don't|do not"
            + "|make sure to|make sure you|be sure to|remember to) )?(?:send|include|add|put|mention|ping|tag|cc|bcc"
            + "|loop in|copy|post|share|notify|invite|check|ask|remind|schedule|book|file|assign|route|forward"
            + "|escalate|use|reply|answer|write|format|respond|keep|call|summari[sz]e|give|draft|start|end|sign"
            + "|address|avoid|skip|attach|link|be)\\b.*");
    private static final Pattern MY_PERSONAL = Pattern.compile("(?i)\\bmy (name|full name|first name|preferred name"
            + "|nickname|e-?mail(?: address)?|work e-?mail|phone(?: number)?|mobile(?: number)?|cell(?: number)?"
            + "|job title|title|role|position|time ?zone|tz|pronouns|birthday|github(?: handle| username)?"
            + "|slack handle|handle|working hours|work hours|hours|location|city|home office|office|desk)\\s+"
            + "(?:is|are|'s|is now|are now|has changed to|changed to)\\s+(.+)");
    private static final Pattern CALL_ME = Pattern.compile(
            "(?i)^(?:please )?(?:call me|i go by|you can call me" + "|everyone calls me)\\s+([A-Z][\\w'-]+)");
    private static final Pattern I_AM_NAME = Pattern.compile("^(?:(?i:hi|hey|hello)(?i: all| everyone| team| lucy)?"
            + "[,!.]?\\s+)?(?i:i'm|i am|this is)\\s+([A-Z][a-z'-]+(?: [A-Z][a-z'-]+)?)(?:[,.!]|\\s+(?:from|and|here"
            + "|the|your|our|a|an)\\b|$)");
    private static final Pattern WE_BASED = Pattern.compile("\\b(?:we(?:'re| are)|our (?:company|team|startup|org)"
            + " is|the company is) (?:now )?(?:based|located|headquartered|hq'd|spread across|split between"
            + "|distributed across) (?:in |across |between )?" + VALUE);
    private static final Pattern DEADLINE_IS = Pattern.compile("^(?:the |our )?(?:hard |final |new |real )?deadline"
            + " (?:is|was moved to|moved to|got moved to|is now|has been moved to|has moved to|slipped to|will be)"
            + " (?:on |by )?" + VALUE);
    private static final Pattern DATE_IS = Pattern.compile("^(?:the |our )?(?:new |final |target |official )?"
            + "([\\w -]+?) (?:date|day|target date|go-live date|due date) (?:is|was moved to|moved to|is now"
            + "|has been moved to|has moved to|got moved to|slipped to|is set for|was set for|will be) (?:on |for )?"
            + VALUE);
    private static final Pattern RESCHEDULED = Pattern.compile("\\b(?:we(?:'ve| have)? |they(?:'ve)? |leadership"
            + " |the board )?(?:just |officially )?(?:pushed|moved|postponed|delayed|rescheduled|bumped|shifted"
            + "|pulled|brought|slid|slipped) (?:back |out |forward |in |up )?(?:the |our )?([\\w -]+?) (?:back |out "
            + "|forward |in |up )?(?:to|until|till|into) " + VALUE);
    private static final Pattern RESCHEDULED_PASSIVE = Pattern.compile("^(?:the |our )?([\\w -]+?) (?:was |got "
            + "|has been |is being |is )?(?:pushed|moved|postponed|delayed|rescheduled|bumped|shifted|pulled|brought"
            + "|slid|slipped|slips)(?: back| out| forward| in| up)? (?:to|until|till|into) " + VALUE);
    private static final Pattern HQ =
            Pattern.compile("^(?:hq|headquarters|head office|head quarters|main office|home" + " base|base)$");

    private static final Pattern TEAM_INSTRUCTION = Pattern.compile(
            "\\b(?:we|our|us|team|everyone|everybody" + "|all of us|standups?|all-hands|channel|company)\\b|#[\\w-]+");
    private static final Pattern WHEN = Pattern.compile("\\b(?:q[1-4]|h[12]|next (?:week|month|quarter|year|sprint)"
            + "|(?:mon|tues|wednes|thurs|fri|satur|sun)day|end of (?:the )?(?:week|month|quarter|year|q[1-4])|eo[dwmq]"
            + "|tomorrow|20\\d\\d|january|february|march|april|june|july|august|september|october|november"
            + "|december)\\b|\\bthe \\d{1,2}(?:st|nd|rd|th)\\b");
    private static final Pattern EVENT_ON = Pattern.compile("^(?:the |our )?(?:next |first |annual |quarterly )?"
            + "([\\w .-]+?) (?:is|happens|takes place|will be|is scheduled for|is planned for|is set for|is now)"
            + " (?:on |for |in )?" + VALUE);
    private static final java.util.Set<String> EVENT_FILLER = java.util.Set.of(
            "our", "the", "new", "date", "day", "final", "target", "official", "go", "live", "due", "whole", "this");

    private static final Pattern DATED_LAUNCH = Pattern.compile(
            "^(?:to )?(launch|ship|release|go live)(?: (?:the |our )?" + "([\\w -]+?))? (?:on|in|by|at) (.+)");

    private static final Pattern TOOL_IS = Pattern.compile("^(?:our |the |all )?(?:main |primary )?(ci|ci/cd|data"
            + " warehouse|warehouse|crm|frontend|front end|backend|back end|database|db|issue tracker|ticketing|docs"
            + "|documentation|wiki|cloud|hosting|chat|monitoring|analytics|alerts|on-call alerts|pages|paging|billing"
            + "|payments|design tool|stack)(?: \\w+)? (?:is|are|lives? in|lives? on|runs? on|goes through|go through"
            + "|is handled by|is in|are in)\\s+" + VALUE);
    private static final Pattern WE_ARE_ON =
            Pattern.compile("\\bwe(?:'re| are) (?:on|running|running on|all in on)\\s+" + VALUE);
    private static final Pattern OWNS = Pattern.compile("^(\\p{Lu}[\\p{L}'-]+(?: \\p{Lu}[\\p{L}'-]+)?) (?:now )?"
            + "(?i:owns|runs|is responsible for|is in charge of|handles|is the point person for|is the go-to(?: person)?"
            + " for|is the dri for|is the owner of|takes over) (?i:anything |all |everything )?(.+)");
    private static final Pattern TAKES_OVER_AS = Pattern.compile("^(\\p{Lu}[\\p{L}'-]+(?: \\p{Lu}[\\p{L}'-]+)?)"
            + " (?i:takes over as|is taking over as|will take over as|steps in as|is stepping in as)\\s+(.+)");
    private static final Pattern DECISION_LABEL =
            Pattern.compile("\\b(?:decision|final call|final decision|decided)" + "\\s*[:-]\\s*(.+)");
    private static final Pattern COMPANY_THING_IS = Pattern.compile("^(?:our |the )?(support hours|office hours"
            + "|core hours|sprints?|sprint length|refund policy|return policy|billing cycle|release cadence"
            + "|on-call rotation|data retention|trial|free trial|notice period|pto policy|vacation policy"
            + "|product)\\s+(?:is|are|lasts?|runs?|is called|are called|starts?|is named)\\s+" + VALUE);
    private static final Pattern DATA_STORED = Pattern.compile("\\b(?:all |our )?(?:customer |user |production )?data"
            + " is (?:stored|hosted|kept|located) (?:in|on)\\s+" + VALUE);
    private static final Pattern IS_OUR = Pattern.compile("^(\\p{Lu}[\\p{L}&.' -]{1,40}?) (?i:is|are) (?i:our)"
            + " (?i:(main competitor|biggest competitor|competitor|biggest customer|largest customer|first customer"
            + "|partner|lead investor|investor|auditor|bank|law firm|landlord|design partner|reseller))\\b");
    private static final Pattern MEETING = Pattern.compile("^(?:the |our )?(?:daily |weekly )?(standup|stand-up"
            + "|retro|retros|sprint planning|planning|all-hands|all hands|demo day|1:1s?|one-on-ones?|team sync|sync)"
            + "s? (?:is|are|happens|happen|starts|start|runs|run) (?:at|on|every)\\s+" + VALUE);
    private static final Pattern MEETING_WORD = Pattern.compile("^(?:daily |weekly )?(?:standup|stand-up|retro|retros"
            + "|sprint planning|planning|all-hands|all hands|demo day|1:1|one-on-one|team sync|sync)s?$");
    private static final Pattern REMOTE =
            Pattern.compile("\\bwe(?:'re| are) (?:a )?(?:fully |100% |mostly )?" + "remote(?:-first| first)?\\b");
    private static final Pattern PERSONAL_OBJECT = Pattern.compile(
            "\\b(?:me|my|mine|i|emails?|inbox|calendar" + "|meetings?|calls?|dms?|direct messages?)\\b");

    private static final Map<String, String> TOOL_KINDS = toolKinds();

    private RuleBasedExtractor() {}

    /** The first {@link #MAX_MESSAGE_CHARS} characters, cut after the last sentence or line that ends in them. */
    static String head(String message) {
        if (message.length() <= MAX_MESSAGE_CHARS) {
            return message;
        }
        for (int i = MAX_MESSAGE_CHARS - 1; i > 0; i--) {
            char c = message.charAt(i);
            if (c == '.' || c == '!' || c == '?' || c == '\n') {
                return message.substring(0, i + 1);
            }
        }
        return message.substring(0, MAX_MESSAGE_CHARS);
    }

    /** The extractor; it holds no state, so one instance serves everyone. */
    public static RuleBasedExtractor create() {
        return new RuleBasedExtractor();
    }

    /**
     * How much of a message is read for facts: a fact is said in a sentence or two, and reading a pasted document
     * whole would cost a core for nothing. A longer message is read up to its last sentence end within the limit.
     */
    public static final int MAX_MESSAGE_CHARS = 4_000;

    @Override
    public Extraction extract(String message) {
        if (message == null || message.isBlank()) {
            return Extraction.rejected(Reason.NOT_DURABLE, "the message is empty");
        }
        String cleaned = clean(head(message));
        String lower = cleaned.toLowerCase(Locale.ROOT);
        if (cleaned.isBlank()) {
            return Extraction.rejected(Reason.SMALL_TALK, "it only addresses Lucy");
        }
        if (INSTRUCTION.matcher(lower).find()) {
            return Extraction.rejected(Reason.INSTRUCTION, "it tries to instruct the assistant");
        }
        if (TEST.matcher(lower).find()) {
            return Extraction.rejected(Reason.TEST, "it is a test or sample message");
        }
        if (HYPOTHETICAL.matcher(lower).find()) {
            return Extraction.rejected(Reason.HYPOTHETICAL, "it describes a hypothetical, not how things are");
        }
        if (EXAMPLE.matcher(lower).find()) {
            return Extraction.rejected(Reason.EXAMPLE, "it gives an example, not a fact");
        }
        List<Candidate> found = new ArrayList<>();
        Reason firstReason = null;
        String firstDetail = null;
        for (String raw : SENTENCE_END.split(cleaned)) {
            String sentence = raw.strip();
            if (sentence.isEmpty()) {
                continue;
            }
            Matcher explicit = EXPLICIT.matcher(sentence);
            boolean isExplicit = explicit.find();
            String body = isExplicit ? sentence.substring(explicit.end()).strip() : sentence;
            if (isExplicit && body.endsWith("?") && sentence.matches("(?i)^(?:can|could|would|will) you.*")) {
                body = body.substring(0, body.length() - 1).strip();
            }
            Optional<Reason> rejection = reject(body, isExplicit);
            if (rejection.isPresent()) {
                if (firstReason == null) {
                    firstReason = rejection.get();
                    firstDetail = detail(rejection.get());
                }
                continue;
            }
            Optional<Candidate> candidate = match(body, isExplicit);
            if (candidate.isPresent()) {
                if (found.stream()
                        .noneMatch(c -> c.subject().equals(candidate.get().subject()))) {
                    found.add(candidate.get());
                }
            } else if (firstReason == null) {
                firstReason = Reason.NOT_DURABLE;
                firstDetail = "no durable statement (target, stack, role, preference, decision, deadline) found";
            }
        }
        if (!found.isEmpty()) {
            return new Extraction.Found(found);
        }
        return Extraction.rejected(
                firstReason == null ? Reason.NOT_DURABLE : firstReason,
                firstDetail == null ? "no durable statement found" : firstDetail);
    }

    private static Optional<Reason> reject(String body, boolean explicit) {
        String lower = body.toLowerCase(Locale.ROOT).replace('’', '\'');
        if (lower.isEmpty() || SMALL_TALK.matcher(lower).matches()) {
            return Optional.of(Reason.SMALL_TALK);
        }
        if (lower.endsWith("?") || QUESTION_START.matcher(lower).find()) {
            return Optional.of(Reason.QUESTION);
        }
        if (UNCERTAIN.matcher(lower).find()) {
            return Optional.of(Reason.UNCERTAIN);
        }
        if (!explicit && Normalizer.words(lower).size() < 3) {
            return Optional.of(Reason.SMALL_TALK);
        }
        return Optional.empty();
    }

    private static String detail(Reason reason) {
        return switch (reason) {
            case QUESTION -> "it is a question";
            case SMALL_TALK -> "it is small talk";
            case UNCERTAIN -> "it is hedged (maybe, I think, might), not a settled fact";
            default -> reason.name().toLowerCase(Locale.ROOT);
        };
    }

    private static Optional<Candidate> match(String body, boolean explicit) {
        String text = factText(body);
        if (text.length() > MAX_FACT_CHARS) {
            return Optional.empty();
        }
        String s = body.toLowerCase(Locale.ROOT).replace('’', '\'');
        Matcher m;
        // Standing instructions: how Lucy should act from now on
        Optional<Candidate> standing = standing(body, s);
        if (standing.isPresent()) {
            return standing;
        }
        // The speaker's own details, kept for them alone
        if ((m = MY_PERSONAL.matcher(body)).find() && !m.group(2).isBlank()) {
            return candidate(personalField(m.group(1)), text, Category.FACT, Target.SESSION, true);
        }
        if ((m = CALL_ME.matcher(body)).find() || ((m = I_AM_NAME.matcher(body)).find() && !isPronoun(m.group(1)))) {
            return candidate("name", text, Category.FACT, Target.SESSION, true);
        }
        // Dates: deadlines, launches and events, and their moves
        if ((m = DEADLINE_IS.matcher(s)).find() && isWhen(m.group(1))) {
            return candidate("deadline", text, Category.PROJECT, classify(s, Target.COMPANY), false);
        }
        if ((m = DATE_IS.matcher(s)).find() && isWhen(m.group(2))) {
            return candidate(eventSubject(m.group(1)), text, Category.PROJECT, classify(s, Target.COMPANY), false);
        }
        if (((m = RESCHEDULED.matcher(s)).find() || (m = RESCHEDULED_PASSIVE.matcher(s)).find())
                && isWhen(m.group(2))
                && !m.group(1).isBlank()) {
            return candidate(eventSubject(m.group(1)), text, Category.PROJECT, classify(s, Target.COMPANY), false);
        }
        // Meetings: when they happen, and their moves
        if ((m = MEETING.matcher(s)).find()) {
            return candidate("schedule: " + meeting(m.group(1)), text, Category.FACT, Target.TEAM, false);
        }
        // Where the company is
        if (REMOTE.matcher(s).find()) {
            return candidate("company: location", text, Category.FACT, Target.COMPANY, false);
        }
        if ((m = WE_BASED.matcher(s)).find()) {
            boolean team = s.contains("team");
            return candidate(
                    team ? "team: location" : "company: location",
                    text,
                    Category.FACT,
                    team ? Target.TEAM : Target.COMPANY,
                    false);
        }
        // Roles and reporting lines (case matters for names, so match the original text)
        if ((m = MY_RELATION.matcher(body)).find()) {
            return candidate("my " + m.group(1).toLowerCase(Locale.ROOT), text, Category.FACT, Target.TEAM, true);
        }
        if ((m = REPORTS_TO.matcher(body)).find()) {
            String who = m.group(1).equalsIgnoreCase("i") ? null : key(m.group(1));
            return who == null
                    ? candidateAboutSpeaker("reports to", text, Category.FACT, Target.TEAM)
                    : candidate("reports to: " + who, text, Category.FACT, Target.TEAM, false);
        }
        if ((m = I_AM_ROLE.matcher(body)).find() && !s.contains(" i'm the one")) {
            return candidateAboutSpeaker("role", text, Category.FACT, Target.TEAM);
        }
        if ((m = NAME_IS_ROLE.matcher(body)).find() && !isPronoun(m.group(1))) {
            return candidate("role: " + key(m.group(1)), text, Category.FACT, Target.TEAM, false);
        }
        if ((m = TAKES_OVER_AS.matcher(body)).find() && !isPronoun(m.group(1))) {
            return candidate("role: " + key(m.group(1)), text, Category.FACT, Target.TEAM, false);
        }
        if ((m = OWNS.matcher(body)).find()
                && !isPronoun(m.group(1))
                && !topic(m.group(2)).isEmpty()) {
            return candidate("owner: " + topic(m.group(2)), text, Category.FACT, Target.TEAM, false);
        }
        if ((m = JOINED.matcher(body)).find() && !isPronoun(m.group(1))) {
            return candidate("role: " + key(m.group(1)), text, Category.FACT, Target.TEAM, false);
        }
        // Stack and tools
        if ((m = SWITCH.matcher(s)).find()) {
            Optional<String> attribute = m.group(1) == null
                    ? Optional.empty()
                    : companyAttribute(m.group(1).replaceFirst("^our ", ""));
            if (attribute.isPresent()) {
                return candidate(attribute.get(), text, Category.FACT, Target.COMPANY, false);
            }
            return candidate(toolSubject(m.group(3)), text, Category.FACT, classify(s, Target.COMPANY), false);
        }
        if ((m = TOOL_IS.matcher(s)).find()) {
            String subject = toolSubject(m.group(2));
            if (subject.startsWith("tool: ") || subject.startsWith("stack: ")) {
                if (!subject.startsWith("stack: ") && TOOL_KINDS.containsValue(subject.substring(6))) {
                    return candidate(subject, text, Category.FACT, classify(s, Target.COMPANY), false);
                }
                if (subject.startsWith("stack: ")) {
                    return candidate(subject, text, Category.FACT, classify(s, Target.COMPANY), false);
                }
            }
            return candidate("tool: " + key(m.group(1)), text, Category.FACT, classify(s, Target.COMPANY), false);
        }
        if ((m = WE_ARE_ON.matcher(s)).find()
                && toolSubject(m.group(1)).matches("(?:tool|stack): .*")
                && knowsTool(m.group(1))) {
            return candidate(toolSubject(m.group(1)), text, Category.FACT, Target.COMPANY, false);
        }
        if ((m = USES.matcher(s)).find()) {
            Target target = m.group(2) != null ? Target.TEAM : classify(s, Target.COMPANY);
            return candidate(toolSubject(m.group(3)), text, Category.FACT, target, false);
        }
        // Targets and metrics
        if ((m = TARGETING.matcher(s)).find()) {
            Matcher period = PERIOD.matcher(s);
            String subject = period.find() ? key(period.group(1)) + " target" : "target";
            return candidate(subject, text, Category.FACT, classify(s, Target.COMPANY), false);
        }
        if ((m = METRIC.matcher(s)).find()) {
            return candidate(key(m.group(1)), text, Category.FACT, classify(s, Target.COMPANY), false);
        }
        // Deadlines
        // "the deadline for the audit", "the audit is due", "we pushed the audit": one subject, "date: audit"
        if ((m = DEADLINE_OF.matcher(s)).find()) {
            return candidate(eventSubject(m.group(1)), text, Category.PROJECT, classify(s, Target.COMPANY), false);
        }
        if ((m = SHIP_BY.matcher(s)).find()) {
            return candidate(eventSubject(m.group(2)), text, Category.PROJECT, classify(s, Target.COMPANY), false);
        }
        if ((m = DUE.matcher(s)).find()) {
            return candidate(eventSubject(m.group(1)), text, Category.PROJECT, classify(s, Target.COMPANY), false);
        }
        if ((m = LAUNCHES_ON.matcher(s)).find()) {
            return candidate(
                    eventSubject(m.group(1) + " launch"), text, Category.PROJECT, classify(s, Target.COMPANY), false);
        }
        // Decisions
        if ((m = DECIDED.matcher(s)).find()) {
            Target target = m.group(1).contains("team") ? Target.TEAM : classify(s, Target.COMPANY);
            Matcher dated = DATED_LAUNCH.matcher(m.group(2));
            if (dated.matches() && isWhen(dated.group(3))) {
                // "we decided to launch on May 2" and "we pushed the launch to June 10" are about one date
                String object = dated.group(2) == null ? "" : dated.group(2) + " ";
                return candidate(eventSubject(object + "launch"), text, Category.DECISION, target, false);
            }
            return candidate("decision: " + topic(m.group(2)), text, Category.DECISION, target, false);
        }
        if ((m = DECISION_LABEL.matcher(s)).find() && !topic(m.group(1)).isEmpty()) {
            return candidate(
                    "decision: " + topic(m.group(1)), text, Category.DECISION, classify(s, Target.COMPANY), false);
        }
        if ((m = DECISION_IS.matcher(s)).find()) {
            return candidate(
                    "decision: " + topic(m.group(1)), text, Category.DECISION, classify(s, Target.COMPANY), false);
        }
        // Preferences
        if ((m = TEAM_PREFERS.matcher(s)).find()) {
            return candidate(
                    "team preference: " + preferenceDimension(m.group(2)),
                    text,
                    Category.PREFERENCE,
                    m.group(1).contains("company") ? Target.COMPANY : Target.TEAM,
                    false);
        }
        if ((m = RATHER.matcher(s)).find() || (m = KEEP_ANSWERS.matcher(s)).find()) {
            return candidate(
                    "preference: " + preferenceDimension(m.group(1)), text, Category.PREFERENCE, Target.SESSION, true);
        }
        if ((m = PREFERS_I.matcher(s)).find()) {
            if (m.group(1).startsWith("to ") && !looksLikePreference(m.group(1))) {
                return Optional.empty(); // "I want to see the report": a request, not a preference
            }
            return candidate(
                    "preference: " + preferenceDimension(m.group(1)), text, Category.PREFERENCE, Target.SESSION, true);
        }
        if ((m = PLEASE_ALWAYS.matcher(s)).find()) {
            return candidate("preference: " + preferenceDimension(s), text, Category.PREFERENCE, Target.SESSION, true);
        }
        // Company and team facts
        if ((m = IS_OUR.matcher(body)).find()) {
            return candidate("company: " + key(m.group(2)), text, Category.FACT, Target.COMPANY, false);
        }
        if ((m = COMPANY_THING_IS.matcher(s)).find()) {
            String thing = key(m.group(1));
            return candidate(
                    "company: " + (thing.startsWith("sprint") ? "sprint length" : thing),
                    text,
                    Category.FACT,
                    Target.COMPANY,
                    false);
        }
        if (DATA_STORED.matcher(s).find()) {
            return candidate("company: data region", text, Category.FACT, Target.COMPANY, false);
        }
        if ((m = COMPANY_IS.matcher(s)).find()) {
            return candidate(
                    companyAttribute(m.group(1)).orElse("company: " + key(m.group(1))),
                    text,
                    Category.FACT,
                    Target.COMPANY,
                    false);
        }
        if ((m = WE_ARE.matcher(s)).find()) {
            return candidate("company: kind", text, Category.FACT, Target.COMPANY, false);
        }
        if ((m = WE_HAVE_COUNT.matcher(s)).find()) {
            return candidate("company: " + key(m.group(2)) + " count", text, Category.FACT, Target.COMPANY, false);
        }
        if ((m = TEAM_OWNS.matcher(s)).find()) {
            return candidate("owner: " + topic(m.group(2)), text, Category.FACT, Target.TEAM, false);
        }
        if ((m = TEAM_SIZE.matcher(s)).find()) {
            return candidate(
                    "team size: " + key(m.group(1).isBlank() ? "team" : m.group(1)),
                    text,
                    Category.FACT,
                    Target.TEAM,
                    false);
        }
        // About the speaker, for now
        if ((m = SPEAKER_STATUS.matcher(s)).find()) {
            return candidateAboutSpeaker("availability", text, Category.GENERAL, Target.SESSION);
        }
        if ((m = SPEAKER_WORKING.matcher(s)).find()) {
            return candidateAboutSpeaker("current work", text, Category.PROJECT, Target.SESSION);
        }
        if ((m = SPEAKER_LOCATION.matcher(s)).find()) {
            return candidate(
                    s.matches(".*\\b(?:time ?zone|tz)\\b.*") ? "time zone" : "location",
                    text,
                    Category.FACT,
                    Target.SESSION,
                    true);
        }
        if ((m = EVENT_ON.matcher(s)).find()
                && isWhen(m.group(2))
                && !m.group(1).isBlank()) {
            return candidate(eventSubject(m.group(1)), text, Category.PROJECT, classify(s, Target.COMPANY), false);
        }
        if (explicit) {
            Target target = classify(s, Target.SESSION);
            String topic = topic(s);
            return topic.isEmpty()
                    ? Optional.empty()
                    : candidate("note: " + topic, text, Category.GENERAL, target, false);
        }
        return Optional.empty();
    }

    /** "Going forward, always CC jake on emails": a standing instruction, stored without its lead. */
    private static Optional<Candidate> standing(String body, String s) {
        Matcher m;
        String action;
        if ((m = STANDING_LEAD.matcher(s)).find()) {
            action = body.substring(m.start(1)).strip();
        } else if ((m = STANDING_TAIL.matcher(s)).find()) {
            action = body.substring(m.start(1), m.end(1)).strip();
        } else if (STANDING_ROUTE.matcher(s).matches()) {
            action = body.strip();
        } else {
            return Optional.empty();
        }
        String lower = action.toLowerCase(Locale.ROOT);
        if (!ACTION_START.matcher(lower).matches() && !lower.matches("^(?:i|we|you)\\b.*")) {
            return Optional.empty(); // "from now on the office opens at 9" is a fact, read by the other rules
        }
        if (lower.matches("^(?:i|we)\\b.*")) {
            return Optional.empty();
        }
        String topic = topic(lower.replaceFirst(
                "^(?:please |always |never |don't |do not |make sure (?:to |you )|be sure to |remember to |you )+",
                ""));
        if (topic.isEmpty()) {
            return Optional.empty();
        }
        // shared unless it is about the speaker's own things (their emails, calendar, calls, "for me")
        boolean shared = TEAM_INSTRUCTION.matcher(lower).find()
                || !PERSONAL_OBJECT.matcher(lower).find();
        return candidate(
                "instruction: " + topic,
                factText(action),
                Category.STANDING_INSTRUCTION,
                shared ? Target.TEAM : Target.SESSION,
                !shared);
    }

    private static String personalField(String field) {
        String f = field.toLowerCase(Locale.ROOT).replaceAll("\\s+", " ");
        if (f.contains("name")) {
            return "name";
        }
        if (f.contains("mail")) {
            return "email";
        }
        if (f.startsWith("phone") || f.startsWith("mobile") || f.startsWith("cell")) {
            return "phone";
        }
        if (f.contains("title") || f.equals("role") || f.equals("position")) {
            return "role";
        }
        if (f.contains("zone") || f.equals("tz")) {
            return "time zone";
        }
        if (f.contains("hours")) {
            return "working hours";
        }
        if (f.equals("location") || f.equals("city") || f.contains("office") || f.equals("desk")) {
            return "location";
        }
        if (f.startsWith("github") || f.contains("handle")) {
            return "handle";
        }
        return f;
    }

    private static String meeting(String word) {
        String w = String.join(" ", Normalizer.terms(word));
        return w.startsWith("stand") ? "standup" : w.startsWith("retro") ? "retro" : w;
    }

    private static boolean knowsTool(String phrase) {
        for (String w : Normalizer.words(phrase)) {
            if (TOOL_KINDS.containsKey(w)) {
                return true;
            }
        }
        return false;
    }

    /** "hq", "headquarters", "head office": one subject, so a move of the HQ supersedes where it was. */
    private static Optional<String> companyAttribute(String phrase) {
        String p = String.join(" ", Normalizer.words(phrase));
        if (HQ.matcher(p).matches()) {
            return Optional.of("company: hq");
        }
        if (p.equals("office") || p.equals("offices")) {
            return Optional.of("company: office");
        }
        return Optional.empty();
    }

    /** Whether a value names a time: a date, a weekday, a quarter, "next week". */
    private static boolean isWhen(String value) {
        return FactValues.date(value).isPresent() || WHEN.matcher(value).find();
    }

    /** The subject of a dated thing: "deadline", "deadline: rfp", "date: launch", "date: beta launch". */
    private static String eventSubject(String phrase) {
        List<String> words = new ArrayList<>();
        for (String t : Normalizer.terms(phrase)) {
            if (!EVENT_FILLER.contains(t)) {
                words.add(t);
            }
        }
        if (words.isEmpty()) {
            return "";
        }
        if (MEETING_WORD.matcher(String.join(" ", words)).matches()) {
            return "schedule: " + meeting(String.join(" ", words));
        }
        if (words.size() > 1) {
            words.removeIf(w -> w.equals("launch") || w.equals("release") || w.equals("go-live"));
        }
        if (words.getLast().equals("deadline")) {
            words.removeLast();
            return words.isEmpty() ? "deadline" : "deadline: " + String.join(" ", words);
        }
        return "date: " + String.join(" ", words);
    }

    private static Optional<Candidate> candidate(
            String subject, String text, Category category, Target target, boolean personal) {
        if (subject.isBlank() || subject.endsWith(": ")) {
            return Optional.empty();
        }
        return Optional.of(new Candidate(subject.strip(), text, category, target, personal, false));
    }

    private static Optional<Candidate> candidateAboutSpeaker(
            String subject, String text, Category category, Target target) {
        return Optional.of(new Candidate(subject, text, category, target, false, true));
    }

    /** Company statements win over team statements; otherwise the pattern's own default. */
    private static Target classify(String s, Target fallback) {
        if (COMPANY_SIGNAL.matcher(s).find()) {
            return Target.COMPANY;
        }
        if (TEAM_SIGNAL.matcher(s).find()) {
            return Target.TEAM;
        }
        return fallback;
    }

    private static boolean isPronoun(String word) {
        return switch (word.toLowerCase(Locale.ROOT)) {
            case "he", "she", "it", "this", "that", "they", "we", "who", "which", "there", "what", "i", "you" -> true;
            default -> false;
        };
    }

    private static boolean looksLikePreference(String object) {
        return object.matches("to (?:get|see|have|receive|keep|use|be|work|start|meet|read)\\b.*\\b(?:always|short"
                + "|concise|brief|bullet|summar|async|morning|afternoon|before|after|in the|first|format).*");
    }

    /** A subject for a tool or stack statement: the kind of tool when Lucy knows it, so a switch supersedes. */
    private static String toolSubject(String object) {
        TreeSet<String> kinds = new TreeSet<>();
        List<String> words = Normalizer.words(object);
        for (int i = 0; i < words.size(); i++) {
            String two = i + 1 < words.size() ? words.get(i) + " " + words.get(i + 1) : null;
            if (two != null && TOOL_KINDS.containsKey(two)) {
                kinds.add(TOOL_KINDS.get(two));
                i++;
            } else if (TOOL_KINDS.containsKey(words.get(i))) {
                kinds.add(TOOL_KINDS.get(words.get(i)));
            }
        }
        if (kinds.isEmpty()) {
            String topic = topic(object);
            return topic.isEmpty() ? "" : "tool: " + topic;
        }
        return kinds.size() == 1 ? "tool: " + kinds.first() : "stack: " + String.join("+", kinds);
    }

    private static String preferenceDimension(String object) {
        String o = object.toLowerCase(Locale.ROOT);
        if (o.matches(".*\\b(?:bullet|bullets|numbered|list|lists|table|tables|prose|paragraph|paragraphs|markdown"
                + "|headers|headings|emoji|emojis|format|formatting|tl;?dr)\\b.*")) {
            return "format";
        }
        if (o.matches(".*\\b(?:short|shorter|concise|brief|detailed|long|longer|lengthy|verbose|one-liners?|terse)"
                + "\\b.*")) {
            return "length";
        }
        if (o.matches(".*\\b(?:formal|casual|friendly|blunt|direct|tone|polite|jokes|humou?r)\\b.*")) {
            return "tone";
        }
        if (o.matches(
                ".*\\b(?:morning|mornings|afternoon|evening|am|pm|before|after|meetings?|calls?|standups?)\\b.*")) {
            return "schedule";
        }
        String topic = topic(object);
        return topic.isEmpty() ? "general" : topic;
    }

    /** The first two meaningful words, skipping dates and numbers: "launch on May 2" is about "launch". */
    private static String topic(String text) {
        List<String> out = new ArrayList<>();
        for (String t : Normalizer.terms(text)) {
            if (t.matches("\\d.*|jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec|january|february|march|april|june"
                    + "|july|august|september|october|november|december|monday|tuesday|wednesday|thursday|friday"
                    + "|saturday|sunday|today|tomorrow|week|month|quarter|year|next|end|eod|eow|eoq")) {
                continue;
            }
            out.add(t);
            if (out.size() == 2) {
                break;
            }
        }
        return String.join(" ", out);
    }

    private static String key(String phrase) {
        return String.join(" ", Normalizer.terms(phrase));
    }

    private static String clean(String message) {
        String s = SLACK_LINK.matcher(message).replaceAll("$1");
        s = SLACK_CHANNEL.matcher(s).replaceAll("#$1");
        s = SLACK_MARKUP.matcher(s).replaceAll(" ");
        s = s.replace('’', '\'').replace('“', '"').replace('”', '"');
        s = s.replaceAll("[*_~`]+", "");
        s = s.replaceAll("[ \\t]+", " ").strip();
        return ADDRESS.matcher(s).replaceFirst("");
    }

    private static String factText(String body) {
        String t = body.strip().replaceAll("\\s+", " ");
        t = t.replaceAll("[.!;,:]+$", "");
        if (t.isEmpty()) {
            return t;
        }
        return Character.toUpperCase(t.charAt(0)) + t.substring(1) + ".";
    }

    private static Map<String, String> toolKinds() {
        Map<String, String> k = new java.util.HashMap<>();
        put(
                k,
                "issue tracker",
                "jira",
                "linear",
                "asana",
                "trello",
                "clickup",
                "shortcut",
                "monday",
                "youtrack",
                "basecamp",
                "wrike");
        put(k, "chat", "slack", "teams", "discord", "mattermost", "zulip");
        put(k, "code hosting", "github", "gitlab", "bitbucket");
        put(k, "ci", "jenkins", "circleci", "github actions", "buildkite", "travis", "teamcity");
        put(
                k,
                "cloud",
                "aws",
                "gcp",
                "azure",
                "google cloud",
                "heroku",
                "vercel",
                "netlify",
                "render",
                "digitalocean",
                "cloudflare");
        put(k, "frontend", "react", "vue", "angular", "svelte", "nextjs", "next js", "ember", "solid");
        put(
                k,
                "language",
                "python",
                "java",
                "go",
                "golang",
                "rust",
                "typescript",
                "javascript",
                "kotlin",
                "ruby",
                "php",
                "scala",
                "elixir",
                "swift",
                "c#",
                "clojure");
        put(
                k,
                "database",
                "postgres",
                "postgresql",
                "mysql",
                "mongodb",
                "mongo",
                "redis",
                "snowflake",
                "bigquery",
                "dynamodb",
                "sqlite",
                "cassandra",
                "clickhouse",
                "supabase");
        put(k, "crm", "salesforce", "hubspot", "pipedrive", "attio", "zoho");
        put(k, "docs", "notion", "confluence", "google docs", "coda", "gitbook");
        put(k, "design", "figma", "sketch", "adobe xd", "framer");
        put(k, "analytics", "amplitude", "mixpanel", "looker", "tableau", "metabase", "posthog", "segment");
        put(k, "monitoring", "datadog", "sentry", "grafana", "new relic", "pagerduty", "opsgenie", "honeycomb");
        put(k, "email", "gmail", "outlook");
        put(k, "video calls", "zoom", "google meet", "meet", "webex");
        put(k, "container orchestration", "kubernetes", "k8s", "nomad", "ecs");
        put(k, "support desk", "zendesk", "intercom", "freshdesk", "front");
        put(k, "payments", "stripe", "paddle", "braintree", "adyen");
        return Map.copyOf(k);
    }

    private static void put(Map<String, String> map, String kind, String... tools) {
        for (String t : tools) {
            map.put(t, kind);
        }
    }
}
