package kb

import (
	"sync"

	"wpscheck/app/diagnosis"
	"wpscheck/app/i18n"
)

// This file is the knowledge base: every text the guidance shows, zh-CN
// first and English second, written in our own words from the facts of the
// support article (the seed). Tips holds the article's general guidance,
// kb one entry per finding with steps per operating system.

// intro is the article's opening fact, in our words: what a WPS account
// is for and what a failed sign-in costs.
var intro = i18n.Text{ZH: "WPS 账号把你的文档、云空间和插件连在一起：登录后，电脑、手机和网页上看到的是同一批文件。登录不上，放在云端的文档就拿不到，手头的工作也可能因此耽误。",
	EN: "A WPS account ties your documents, cloud space and add-ons together: once you are signed in, your computer, phone and the web show the same files. When sign-in fails, the documents kept in the cloud are out of reach and work can stall."}

// Intro returns the one-paragraph explanation of what a WPS account gives
// and why a failed login hurts (shown above the general help).
func Intro() i18n.Text { return intro }

var tips = TipSet{
	Causes: []Tip{
		{"cause_1_network", i18n.Text{ZH: "网络断了，或者被限制", EN: "The network is down or restricted"}, []i18n.Text{i18n.Text{ZH: "连接时有时无，或者根本没有连上。", EN: "The connection keeps dropping or is not there at all."}, i18n.Text{ZH: "单位或学校的网络不让访问 WPS 的服务器。", EN: "A company or school network keeps WPS's servers out of reach."}}, []diagnosis.FindingID{diagnosis.FindingOffline, diagnosis.FindingNetworkRestricted, diagnosis.FindingWPSBlocked, diagnosis.FindingLoginUnreachable, diagnosis.FindingNetworkSlow}},
		{"cause_2_credentials", i18n.Text{ZH: "账号或密码对不上", EN: "The account or password does not match"}, []i18n.Text{i18n.Text{ZH: "手机号、邮箱或密码输错了一位。", EN: "A digit or letter of the phone number, e-mail or password is wrong."}, i18n.Text{ZH: "密码忘了，或者输入的还是改之前的旧密码。", EN: "The password is forgotten, or the one typed is the old one from before a change."}}, []diagnosis.FindingID{diagnosis.FindingPasswordRejected, diagnosis.FindingForgotPassword}},
		{"cause_3_client", i18n.Text{ZH: "WPS 软件本身出了状况", EN: "Something is wrong with the WPS app"}, []i18n.Text{i18n.Text{ZH: "装的版本太老，跟不上现在的登录方式。", EN: "The installed version is too old for the way sign-in works today."}, i18n.Text{ZH: "安装不完整，或者配置文件坏了。", EN: "The installation is incomplete or a settings file is damaged."}}, []diagnosis.FindingID{diagnosis.FindingClientProblem, diagnosis.FindingLoginHangs}},
		{"cause_4_system_time", i18n.Text{ZH: "系统时间或系统组件不对", EN: "The system time or system parts are off"}, []i18n.Text{i18n.Text{ZH: "设备上的时钟走偏了：登录要核对时间，核对不上就会被拒。", EN: "The device clock has drifted: sign-in checks the time and refuses when it does not match."}, i18n.Text{ZH: "电脑系统（Windows 或 macOS）缺少 WPS 依赖的组件。", EN: "The computer's system (Windows or macOS) lacks components WPS relies on."}}, []diagnosis.FindingID{diagnosis.FindingClockSkew, diagnosis.FindingTimezoneWrong, diagnosis.FindingClientProblem}},
		{"cause_5_account", i18n.Text{ZH: "账号本身被限制了", EN: "The account itself is restricted"}, []i18n.Text{i18n.Text{ZH: "账号被冻结，或者因为安全原因暂时受限。", EN: "The account is frozen or temporarily restricted for safety reasons."}, i18n.Text{ZH: "短时间里输错太多次，系统为了保护账号把它锁住了。", EN: "Too many wrong attempts in a short time, so the system locked the account to protect it."}}, []diagnosis.FindingID{diagnosis.FindingAccountLocked}},
		{"cause_6_third_party", i18n.Text{ZH: "别的软件挡住了 WPS", EN: "Other software stands in the way"}, []i18n.Text{i18n.Text{ZH: "安全软件、防火墙或 VPN 截住了 WPS 的网络请求。", EN: "Security software, a firewall or a VPN intercepts WPS's network requests."}, i18n.Text{ZH: "系统里设置的代理让连接走了别的路。", EN: "A proxy set in the system sends the connection another way."}}, []diagnosis.FindingID{diagnosis.FindingWPSBlocked, diagnosis.FindingLoginUnreachable}},
		{"cause_7_service", i18n.Text{ZH: "问题出在 WPS 那一边", EN: "The problem is on WPS's side"}, []i18n.Text{i18n.Text{ZH: "WPS 的服务器暂时出错，或者正在维护升级。", EN: "WPS's servers have a temporary fault or are down for maintenance."}, i18n.Text{ZH: "在你所在的地区或网络里，去往 WPS 服务器的路被限制了，登录请求到不了。", EN: "Where you are, or on your network, WPS's servers are hard to reach, so the sign-in request never arrives."}}, []diagnosis.FindingID{diagnosis.FindingWPSServiceIssue}},
	},
	BasicChecks: []Tip{
		{"basic_1_network", i18n.Text{ZH: "先看网络通不通", EN: "First see whether the network works"}, []i18n.Text{i18n.Text{ZH: "随便打开一个网页，看它能不能加载出来。", EN: "Open any web page and see whether it loads."}, i18n.Text{ZH: "开着 VPN 或代理的话，关掉后再登录一次。", EN: "If a VPN or proxy is on, turn it off and sign in again."}}, []diagnosis.FindingID{diagnosis.FindingOffline, diagnosis.FindingWPSBlocked}},
		{"basic_2_account_info", i18n.Text{ZH: "核对账号和密码", EN: "Check the account and password"}, []i18n.Text{i18n.Text{ZH: "账号是注册时用的手机号或邮箱，别多一位，也别少一位。", EN: "The account is the phone number or e-mail you registered with: no digit too many or too few."}, i18n.Text{ZH: "密码区分大小写，留意大写锁定键。", EN: "Passwords are case-sensitive: watch the Caps Lock key."}}, []diagnosis.FindingID{diagnosis.FindingPasswordRejected}},
		{"basic_3_web_login", i18n.Text{ZH: "换网页登录试一下", EN: "Try signing in on the web"}, []i18n.Text{i18n.Text{ZH: "用浏览器打开 WPS 官网（www.wps.cn），在网页上登录。", EN: "Open the WPS website (www.wps.cn) in a browser and sign in there."}, i18n.Text{ZH: "网页上能登进去，账号就没问题，毛病多半在客户端。", EN: "If the web sign-in works, the account is fine and the app is the likely culprit."}}, []diagnosis.FindingID{diagnosis.FindingClientProblem, diagnosis.FindingNoIssueFound}},
		{"basic_4_restart", i18n.Text{ZH: "重启软件和设备", EN: "Restart the app and the device"}, []i18n.Text{i18n.Text{ZH: "把 WPS 彻底退出，再重启电脑或手机。", EN: "Quit WPS completely, then restart the computer or phone."}, i18n.Text{ZH: "清掉临时缓存以后再试着登录。", EN: "Clear the temporary cache, then try to sign in."}}, []diagnosis.FindingID{diagnosis.FindingLoginHangs, diagnosis.FindingClientProblem}},
	},
	Fixes: []Tip{
		{"fix_1_reset_password", i18n.Text{ZH: "方法一：把密码重设一遍", EN: "Fix 1: set a new password"}, []i18n.Text{i18n.Text{ZH: "在 WPS 的登录页点「忘记密码」。", EN: "On the WPS sign-in page, tap “Forgot password”."}, i18n.Text{ZH: "填上注册时用的手机号或邮箱。", EN: "Enter the phone number or e-mail you registered with."}, i18n.Text{ZH: "照提示收验证码，设一个新密码。", EN: "Follow the prompts: get the code and choose a new password."}, i18n.Text{ZH: "回到客户端，用新密码登录。", EN: "Back in the app, sign in with the new password."}, i18n.Text{ZH: "其他设备上记住的旧密码，也要换成新的。", EN: "Replace the old password remembered on your other devices too."}}, []diagnosis.FindingID{diagnosis.FindingPasswordRejected, diagnosis.FindingForgotPassword}},
		{"fix_2_update_reinstall", i18n.Text{ZH: "方法二：升级或重新安装 WPS", EN: "Fix 2: update or reinstall WPS"}, []i18n.Text{i18n.Text{ZH: "在 WPS 的「帮助」菜单里找「检查更新」（新版可能放在设置里）。", EN: "In WPS, look for “Check for updates” in the Help menu (newer versions keep it in Settings)."}, i18n.Text{ZH: "装上最新的版本。", EN: "Install the newest version."}, i18n.Text{ZH: "软件坏了就重装：先试 WPS 自带的修复工具；还不行再卸载重装。帮助文章说要清理残留文件，但 WPS 的数据文件夹里有本地备份，只改名、不删除。", EN: "If the app is damaged, reinstall it: try WPS's own repair tool first, then uninstall and install again. The help article says to clear leftover files, but WPS's data folder holds its local backups: rename, never delete."}, i18n.Text{ZH: "新版本往往已经修好了登录的兼容问题。", EN: "New versions have often already fixed sign-in compatibility problems."}}, []diagnosis.FindingID{diagnosis.FindingClientProblem, diagnosis.FindingLoginHangs}},
		{"fix_3_network_proxy", i18n.Text{ZH: "方法三：排查网络、VPN 和代理", EN: "Fix 3: check the network, VPN and proxy"}, []i18n.Text{i18n.Text{ZH: "先确认电脑或手机能正常上网。", EN: "First make sure the computer or phone is online."}, i18n.Text{ZH: "把 VPN 和代理关掉，免得它们把登录请求带偏。", EN: "Turn VPNs and proxies off so they cannot lead the sign-in astray."}, i18n.Text{ZH: "在防火墙或安全软件里把 WPS 加进信任名单；真要暂停防护来测试，只在家里或公司这样的可信网络上做，测完马上打开，公共 Wi-Fi 上不要关。", EN: "Add WPS to the trusted list of the firewall or security software; if you must pause protection to test, do it only on a trusted network such as home or office, turn it back on right after, and never on public Wi-Fi."}, i18n.Text{ZH: "在单位网络里，请网络管理员放行 WPS 用到的域名和 443 端口。", EN: "On a company network, ask the administrator to let the WPS domains through on port 443."}}, []diagnosis.FindingID{diagnosis.FindingWPSBlocked, diagnosis.FindingLoginUnreachable, diagnosis.FindingNetworkRestricted, diagnosis.FindingNetworkSlow}},
		{"fix_4_time_sync", i18n.Text{ZH: "方法四：把时间和时区调准", EN: "Fix 4: get the time and time zone right"}, []i18n.Text{i18n.Text{ZH: "看看电脑或手机上显示的时间准不准。", EN: "See whether the computer or phone shows the right time."}, i18n.Text{ZH: "时区要选你所在的地方。", EN: "The time zone should be where you are."}, i18n.Text{ZH: "打开自动校时，让系统跟网络时间对齐，然后再登录。", EN: "Turn on automatic time so the system follows network time, then sign in."}, i18n.Text{ZH: "时间偏了，登录时的安全核对就会失败。", EN: "A clock that is off makes the sign-in security check fail."}}, []diagnosis.FindingID{diagnosis.FindingClockSkew, diagnosis.FindingTimezoneWrong}},
		{"fix_5_clear_cache", i18n.Text{ZH: "方法五：清一清客户端缓存", EN: "Fix 5: clear the app's cache"}, []i18n.Text{i18n.Text{ZH: "Windows：在 %appdata%\\Kingsoft\\WPS Office\\ 里把 user.config 改个名（例如 user.config.bak），不要删；office6\\backup 里的本地备份一个也不要动。", EN: "Windows: in %appdata%\\Kingsoft\\WPS Office\\, rename user.config (for example to user.config.bak) rather than deleting it; leave the local backups in office6\\backup alone."}, i18n.Text{ZH: "Mac：WPS 的设置放在沙盒文件夹 ~/Library/Containers/com.kingsoft.wpsoffice.mac（国际版是 .mac.global）里；帮助文章写的 ~/Library/Preferences/com.kingsoft.wpsoffice.plist 只有较旧的版本才有。同样只改名，不删除。", EN: "Mac: WPS keeps its settings in the sandbox folder ~/Library/Containers/com.kingsoft.wpsoffice.mac (.mac.global for the international build); the ~/Library/Preferences/com.kingsoft.wpsoffice.plist the help article names exists only in older versions. Again: rename, do not delete."}, i18n.Text{ZH: "改完重开 WPS，再登录。", EN: "Then reopen WPS and sign in."}}, []diagnosis.FindingID{diagnosis.FindingLoginHangs, diagnosis.FindingClientProblem}},
		{"fix_6_account_status", i18n.Text{ZH: "方法六：看看账号状态", EN: "Fix 6: check the account's status"}, []i18n.Text{i18n.Text{ZH: "在 WPS 官网登录后，到账号设置里看有没有异常提示。", EN: "Sign in on the WPS website and look for warnings in the account settings."}, i18n.Text{ZH: "显示被冻结或有异常，就通过 WPS 官方客服申请解除。", EN: "If it shows frozen or abnormal, ask WPS's official support to lift it."}, i18n.Text{ZH: "客服会核实你是账号的主人，照要求提供资料即可。", EN: "Support will check that the account is yours; provide what they ask for."}}, []diagnosis.FindingID{diagnosis.FindingAccountLocked}},
		{"fix_7_web_or_mobile", i18n.Text{ZH: "方法七：换网页版或手机登录", EN: "Fix 7: try the web or the phone app"}, []i18n.Text{i18n.Text{ZH: "在手机 App 上登录同一个账号试试。", EN: "Sign in to the same account in the phone app."}, i18n.Text{ZH: "或者直接在网页上打开云文档。", EN: "Or open your cloud documents on the web."}, i18n.Text{ZH: "哪边能登、哪边不能，就能看出问题是不是只出在某个客户端上。", EN: "Where it works and where it does not tells you whether only one app is at fault."}}, []diagnosis.FindingID{diagnosis.FindingClientProblem, diagnosis.FindingCloudDocs, diagnosis.FindingNoIssueFound}},
	},
	Advanced: []Tip{
		{"adv_1_bind_contacts", i18n.Text{ZH: "把手机号和邮箱都绑上", EN: "Link both a phone number and an e-mail"}, []i18n.Text{i18n.Text{ZH: "忘了密码或账号出状况时，靠它们把账号找回来。", EN: "They get the account back when you forget the password or something goes wrong."}, i18n.Text{ZH: "多一种验证方式，账号也更安全。", EN: "One more way to verify you makes the account safer as well."}}, []diagnosis.FindingID{diagnosis.FindingForgotPassword, diagnosis.FindingCodeNotReceived}},
		{"adv_2_two_factor", i18n.Text{ZH: "打开双重验证（登录保护）", EN: "Turn on two-step verification"}, []i18n.Text{i18n.Text{ZH: "登录时除了密码还要再确认一次，账号更难被盗。", EN: "Sign-in asks for a second confirmation besides the password, so the account is harder to steal."}, i18n.Text{ZH: "别人就算拿到密码，也登不进来。", EN: "Even someone who has the password cannot get in."}}, []diagnosis.FindingID{diagnosis.FindingAccountLocked, diagnosis.FindingSignedOutElsewhere}},
		{"adv_3_change_password", i18n.Text{ZH: "密码：有理由就换，不必定期换", EN: "Change the password when there is a reason"}, []i18n.Text{i18n.Text{ZH: "帮助文章建议定期更换密码，免得一个用了很久的密码早已泄露。", EN: "The help article advises changing the password regularly, in case a long-used one has leaked."}, i18n.Text{ZH: "如今的通行做法（美国标准 NIST SP 800-63B）是不按固定周期强制换，而是在有理由时立刻换：怀疑泄露、在别的网站用过同一个密码、收到陌生设备登录的提醒。", EN: "Current guidance (the US standard NIST SP 800-63B) is not to force changes on a schedule but to change at once when there is a reason: a suspected leak, the same password used on another site, an alert about an unknown device."}, i18n.Text{ZH: "一个够长、只在 WPS 用的密码，比频繁换一个短密码更安全。", EN: "A long password used only for WPS is safer than a short one changed often."}}, []diagnosis.FindingID{diagnosis.FindingAccountLocked, diagnosis.FindingSignedOutElsewhere}},
		{"adv_4_official_download", i18n.Text{ZH: "只装官方渠道的安装包", EN: "Install only from official sources"}, []i18n.Text{i18n.Text{ZH: "第三方网站的安装包可能被改过，登录会出各种怪问题。", EN: "Installers from third-party sites may have been altered and cause odd sign-in problems."}, i18n.Text{ZH: "官网和正规应用商店的版本，兼容和安全都有保证。", EN: "The versions from the official website and proper app stores are the compatible, safe ones."}}, []diagnosis.FindingID{diagnosis.FindingClientProblem}},
		{"adv_5_multi_device", i18n.Text{ZH: "各设备用同一个账号并保持同步", EN: "Keep every device on one account, in sync"}, []i18n.Text{i18n.Text{ZH: "电脑、手机和网页都登录同一个账号，并让它们同步到最新。", EN: "Sign the computer, the phone and the web in to the same account and let them sync."}, i18n.Text{ZH: "设备之间没有同步，就可能在这台设备上看不到别处保存的云文档。", EN: "Devices that are out of sync may not show cloud documents saved elsewhere."}}, []diagnosis.FindingID{diagnosis.FindingCloudDocs, diagnosis.FindingWrongAccount}},
	},
	FAQ: []Tip{
		{"faq_1_wrong_password", i18n.Text{ZH: "提示“用户名或密码错误”怎么办？", EN: "It says “wrong user name or password”"}, []i18n.Text{i18n.Text{ZH: "再逐字核对一遍账号和密码。", EN: "Check the account and password once more, character by character."}, i18n.Text{ZH: "重设一次密码。", EN: "Set a new password."}, i18n.Text{ZH: "想想是不是还在用已经改掉的旧密码。", EN: "Think whether you are typing an old password that has since been changed."}, i18n.Text{ZH: "账号当初是用微信、QQ、钉钉或 Apple 直接登录建的，可能根本没有密码：用原来的方式登录，或先给它设一个密码。", EN: "An account first created by signing in with WeChat, QQ, DingTalk or Apple may have no password at all: sign in that way, or set a password first."}}, []diagnosis.FindingID{diagnosis.FindingPasswordRejected}},
		{"faq_2_login_hangs", i18n.Text{ZH: "登录界面卡住，点了没反应？", EN: "The sign-in screen hangs or ignores taps"}, []i18n.Text{i18n.Text{ZH: "清一下客户端缓存（改名，不删除）。", EN: "Clear the app's cache (rename, do not delete)."}, i18n.Text{ZH: "升级或重装客户端。", EN: "Update or reinstall the app."}, i18n.Text{ZH: "看看网络稳不稳。", EN: "See whether the network is steady."}}, []diagnosis.FindingID{diagnosis.FindingLoginHangs, diagnosis.FindingNetworkSlow}},
		{"faq_3_account_locked", i18n.Text{ZH: "提示“账号被锁定”？", EN: "It says the account is locked"}, []i18n.Text{i18n.Text{ZH: "连着输错好几次，系统会自动把账号锁一段时间。", EN: "Several wrong attempts in a row make the system lock the account for a while."}, i18n.Text{ZH: "通过 WPS 官方客服申请解锁。", EN: "Ask WPS's official support to unlock it."}, i18n.Text{ZH: "别在不可信的网络上登录。", EN: "Do not sign in on networks you do not trust."}}, []diagnosis.FindingID{diagnosis.FindingAccountLocked}},
		{"faq_4_cloud_docs", i18n.Text{ZH: "登录后云文档打不开？", EN: "Signed in, but cloud documents will not open"}, []i18n.Text{i18n.Text{ZH: "先看网络连接。", EN: "Look at the network connection first."}, i18n.Text{ZH: "看看 WPS 云服务是否正常：本页会显示服务器那一边的检测结果。", EN: "See whether the WPS cloud service is up: this page shows the server-side check."}, i18n.Text{ZH: "换网页版或手机 App 打开试试。", EN: "Try opening them on the web or in the phone app."}, i18n.Text{ZH: "文档不是打不开而是“不见了”，多半是登进了另一个账号。", EN: "If the documents are not failing to open but gone, you are most likely in a different account."}}, []diagnosis.FindingID{diagnosis.FindingCloudDocs, diagnosis.FindingWPSServiceIssue, diagnosis.FindingWrongAccount}},
	},
	Prevention: []Tip{
		{"prev_1_keep_updated", i18n.Text{ZH: "客户端保持最新", EN: "Keep the app up to date"}, []i18n.Text{i18n.Text{ZH: "经常更新，兼容和安全都跟得上。", EN: "Update often so compatibility and security keep up."}}, []diagnosis.FindingID{diagnosis.FindingClientProblem}},
		{"prev_2_bind_security_info", i18n.Text{ZH: "把安全信息填完整", EN: "Fill in your security details"}, []i18n.Text{i18n.Text{ZH: "手机号和邮箱都绑上，找回账号就不发愁。", EN: "With both a phone number and an e-mail linked, getting the account back is easy."}}, []diagnosis.FindingID{diagnosis.FindingForgotPassword}},
		{"prev_3_careful_third_party", i18n.Text{ZH: "少用来路不明的工具", EN: "Stay away from tools of unknown origin"}, []i18n.Text{i18n.Text{ZH: "这类工具可能偷走密码，或者改动 WPS 程序。", EN: "Such tools can steal passwords or tamper with the WPS program."}}, []diagnosis.FindingID{diagnosis.FindingClientProblem, diagnosis.FindingInsecureContext}},
		{"prev_4_change_password", i18n.Text{ZH: "发现苗头就换密码", EN: "Change the password at the first sign of trouble"}, []i18n.Text{i18n.Text{ZH: "帮助文章建议定期换密码、别长期只用一个。", EN: "The help article advises changing the password regularly rather than keeping one for years."}, i18n.Text{ZH: "现在更看重的是：密码够长、只在 WPS 用，一旦怀疑泄露就立刻换（NIST SP 800-63B）。", EN: "What counts today is a long password used only for WPS, changed at once when a leak is suspected (NIST SP 800-63B)."}}, []diagnosis.FindingID{diagnosis.FindingAccountLocked, diagnosis.FindingSignedOutElsewhere}},
		{"prev_5_network", i18n.Text{ZH: "挑个靠得住的网络", EN: "Pick a network you can rely on"}, []i18n.Text{i18n.Text{ZH: "尽量别在公共 Wi-Fi 或管得很严的网络上登录。", EN: "Avoid signing in on public Wi-Fi or tightly controlled networks."}, i18n.Text{ZH: "打开云文档时用稳定的网络。", EN: "Open cloud documents over a steady connection."}}, []diagnosis.FindingID{diagnosis.FindingOffline, diagnosis.FindingNetworkRestricted, diagnosis.FindingNetworkSlow, diagnosis.FindingInsecureContext}},
	},
	Beyond: []Tip{
		{"beyond_1_code", i18n.Text{ZH: "收不到验证码", EN: "The verification code does not arrive"}, []i18n.Text{i18n.Text{ZH: "等满一分钟再重发，发太多次会被暂时限制。", EN: "Wait a full minute before resending; sending too often is blocked for a while."}, i18n.Text{ZH: "看看手机的骚扰拦截和邮箱的垃圾邮件文件夹，再核对号码和区号。", EN: "Look in the phone's spam filter and the mailbox's junk folder, and check the number and country code."}}, []diagnosis.FindingID{diagnosis.FindingCodeNotReceived}},
		{"beyond_2_third_party_login", i18n.Text{ZH: "用微信、QQ、钉钉或 Apple 登录的账号", EN: "Accounts that sign in with WeChat, QQ, DingTalk or Apple"}, []i18n.Text{i18n.Text{ZH: "这样建的账号可能没有密码，输密码自然提示错误。", EN: "Accounts made that way may have no password, so any password is “wrong”."}, i18n.Text{ZH: "换一种方式登录可能进的是另一个账号，原来的云文档就像“不见了”。", EN: "Signing in another way may land in a different account, where the old cloud documents seem gone."}}, []diagnosis.FindingID{diagnosis.FindingWrongAccount, diagnosis.FindingPasswordRejected}},
		{"beyond_3_regions", i18n.Text{ZH: "国内版和国际版不通用", EN: "The China and international editions are separate"}, []i18n.Text{i18n.Text{ZH: "国内版 WPS（wps.cn）和国际版 WPS Office（wps.com）是两套账号和两套客户端，账号和云文档互不相通。", EN: "WPS in China (wps.cn) and WPS Office international (wps.com) are separate accounts and separate apps; neither sees the other's accounts or cloud documents."}}, []diagnosis.FindingID{diagnosis.FindingWrongAccount, diagnosis.FindingPasswordRejected}},
		{"beyond_4_org", i18n.Text{ZH: "单位、学校发的账号", EN: "Accounts from a company or school"}, []i18n.Text{i18n.Text{ZH: "WPS 365、企业版、私有化部署和校园版账号由单位管理，登录和解锁都找单位的 IT。", EN: "WPS 365, enterprise, self-hosted and school accounts are run by the organisation: its IT handles sign-in and unlocking."}}, []diagnosis.FindingID{diagnosis.FindingOrgAccount}},
		{"beyond_5_security_check", i18n.Text{ZH: "新设备验证和滑块验证", EN: "New-device checks and slider puzzles"}, []i18n.Text{i18n.Text{ZH: "换了设备或网络，WPS 可能要求额外验证；滑块在 App 内置浏览器里或开着拦截插件时常常出不来。", EN: "A new device or network may trigger an extra check; slider puzzles often fail inside app browsers or with blockers on."}}, []diagnosis.FindingID{diagnosis.FindingSecurityCheck, diagnosis.FindingInAppBrowser}},
		{"beyond_6_signed_out", i18n.Text{ZH: "提示在别处登录、被挤下线", EN: "“Signed in elsewhere”, then signed out"}, []i18n.Text{i18n.Text{ZH: "不是你自己在别处登录的话，立刻改密码并退出陌生设备。", EN: "If it was not you signing in elsewhere, change the password now and sign unknown devices out."}}, []diagnosis.FindingID{diagnosis.FindingSignedOutElsewhere}},
		{"beyond_7_channels", i18n.Text{ZH: "找官方客服", EN: "Reaching official support"}, []i18n.Text{i18n.Text{ZH: "客服入口在 WPS 客户端和 App 里（例如「帮助与反馈」）；别相信搜索结果里自称 WPS 客服的电话。", EN: "The support entry is inside the WPS app (for example “Help & feedback”); do not trust phone numbers in search results that claim to be WPS support."}}, []diagnosis.FindingID{diagnosis.FindingAccountLocked, diagnosis.FindingCodeNotReceived, diagnosis.FindingSecurityCheck}},
	},
}

// ref names an article part for an entry's SeedFix, by tip id.
func ref(id string) SeedRef {
	for _, g := range tips.groups() {
		for _, t := range g {
			if t.ID == id {
				return SeedRef{ID: id, Name: t.Title}
			}
		}
	}
	panic("diagnosis: unknown seed reference " + id)
}

func refs(ids ...string) []SeedRef {
	out := make([]SeedRef, len(ids))
	for i, id := range ids {
		out[i] = ref(id)
	}
	return out
}

// SupportCodeName is what the page, the text report, the fix steps and
// the decoding errors call the short code: one name everywhere.
var SupportCodeName = i18n.Text{ZH: supportCodeZH, EN: supportCodeEN}

// The parts of SupportCodeName, as constants so that the knowledge base's
// sentences that name the code stay static data.
const (
	supportCodeZH = "支持码"
	supportCodeEN = "support code"
)

// RunAgainLabel is the label of the page's button that runs every check
// again. Steps tell people to press it, so the page and the steps share it.
var RunAgainLabel = i18n.Text{ZH: runAgainZH, EN: runAgainEN}

// The parts of RunAgainLabel, as constants so that the steps that name the
// button stay static data (a sentence built from a variable is built by
// code at start-up, and so is every table that holds it).
const (
	runAgainZH = "重新检查"
	runAgainEN = "Run again"
)

// Shared steps, per operating system.
var (
	stepRestartWPS   = i18n.Text{ZH: "重新打开 WPS，再登录一次。", EN: "Reopen WPS and sign in again."}
	stepRecheck      = i18n.Text{ZH: "改完后回到本页，点「" + runAgainZH + "」确认。", EN: "Come back to this page and press “" + runAgainEN + "” to confirm."}
	stepPublicWiFi   = i18n.Text{ZH: "如果连的是酒店、机场等公共 Wi-Fi，先随便打开一个网页，完成上网认证。", EN: "On hotel or airport Wi-Fi, open any web page first to get through the sign-in portal."}
	stepAdminAllow   = i18n.Text{ZH: "在公司或学校网络里，请网络管理员放行这些 WPS 域名的 443 端口：*.wps.cn、*.wps.com、*.kdocs.cn、*.wpscdn.cn、*.wpscdn.com（本页检测的 account.wps.cn 和 account.wps.com 都在其中）。", EN: "On a company or school network, ask the administrator to allow these WPS domains on port 443: *.wps.cn, *.wps.com, *.kdocs.cn, *.wpscdn.cn, *.wpscdn.com (they cover account.wps.cn and account.wps.com, which this page checks)."}
	stepBlockerOff   = i18n.Text{ZH: "如果浏览器装了广告拦截或隐私插件，先对本站、wps.cn 和 wps.com 停用，再点「" + runAgainZH + "」。", EN: "If the browser has an ad or privacy blocker, turn it off for this site, wps.cn and wps.com, then press “" + runAgainEN + "”."}
	stepTryMobile    = i18n.Text{ZH: "换一个网络试试，例如把 Wi-Fi 换成手机数据，能登上就说明是原来的网络在拦截。", EN: "Try another network, e.g. mobile data instead of Wi-Fi: if sign-in works there, the first network is blocking WPS."}
	stepDontTurnBack = i18n.Text{ZH: "先不要手动拨钟点：把时区改对后，显示的时间会自动变成正确的。", EN: "Do not move the clock by hand: once the time zone is right, the time shown corrects itself."}
	stepPauseSafely  = i18n.Text{ZH: "信任名单不管用，才临时暂停防护做一次测试：只在家里或公司这样的可信网络上这样做，公共 Wi-Fi 上绝不要关；测完立刻重新打开。", EN: "Only if the trusted list does not help, pause the protection for one test: do this only on a trusted network such as home or office, never on public Wi-Fi, and turn it back on right after."}
)

var timeSyncSteps = osSteps{
	oWindows:   {i18n.Text{ZH: "右键点任务栏右下角的时间，选「调整日期和时间」。", EN: "Right-click the clock at the right end of the taskbar and choose “Adjust date and time”."}, i18n.Text{ZH: "打开「自动设置时间」和「自动设置时区」，再点「立即同步」。", EN: "Turn on “Set time automatically” and “Set time zone automatically”, then click “Sync now”."}, i18n.Text{ZH: "如果无法自动设置时区，就在「时区」里手动选择，例如「(UTC+08:00) 北京，重庆，香港特别行政区，乌鲁木齐」。", EN: "If the zone cannot be set automatically, pick it by hand, for example “(UTC+08:00) Beijing, Chongqing, Hong Kong, Urumqi”."}, stepRestartWPS},
	oMacOS:     {i18n.Text{ZH: "打开「系统设置」→「通用」→「日期与时间」（较旧的 macOS 是「系统偏好设置」→「日期与时间」）。", EN: "Open System Settings → General → Date & Time (older macOS: System Preferences → Date & Time)."}, i18n.Text{ZH: "打开「自动设置时间和日期」。", EN: "Turn on “Set time and date automatically”."}, i18n.Text{ZH: "打开「使用当前位置自动设置时区」，或者手动选择你所在的城市。", EN: "Turn on “Set time zone automatically using your current location”, or pick your city by hand."}, stepRestartWPS},
	oLinux:     {i18n.Text{ZH: "在桌面的「设置」→「日期和时间」里打开自动设置时间和时区（不同发行版的菜单名称略有差异）。", EN: "In the desktop's Settings → Date & Time, turn on automatic time and time zone (menu names vary between distributions)."}, i18n.Text{ZH: "也可以在终端里运行 timedatectl 查看状态；用 sudo timedatectl set-ntp true 打开网络校时，用 sudo timedatectl set-timezone Asia/Shanghai 设置时区（换成你所在地的时区）。", EN: "Or run timedatectl in a terminal; sudo timedatectl set-ntp true turns on network time and sudo timedatectl set-timezone Asia/Shanghai sets the zone (use your own)."}, stepRestartWPS},
	oChromeOS:  {i18n.Text{ZH: "打开「设置」→「系统偏好设置」→「日期和时间」（较旧的 ChromeOS 在「设置」→「高级」→「日期和时间」）。", EN: "Open Settings → System preferences → Date and time (older ChromeOS: Settings → Advanced → Date and time)."}, i18n.Text{ZH: "把时区设为自动（根据位置），或手动选择正确的时区；ChromeOS 会自动联网校时。", EN: "Set the time zone to automatic (by location) or pick the right one; ChromeOS sets the time from the network by itself."}, stepRestartWPS},
	oAndroid:   {i18n.Text{ZH: "打开「设置」→「系统」→「日期和时间」（各品牌位置不同，可以在设置里搜索“日期”）。", EN: "Open Settings → System → Date & time (brands differ; search Settings for “date”)."}, i18n.Text{ZH: "打开「自动确定日期和时间」（或「使用网络提供的时间」）和「自动确定时区」。", EN: "Turn on “Set time automatically” (or “Use network-provided time”) and “Set time zone automatically”."}, i18n.Text{ZH: "重新打开 WPS App，再登录一次。", EN: "Reopen the WPS app and sign in again."}},
	oIOS:       {i18n.Text{ZH: "打开「设置」→「通用」→「日期与时间」。", EN: "Open Settings → General → Date & Time."}, i18n.Text{ZH: "打开「自动设置」。如果开关是灰色的，可能被「屏幕使用时间」或描述文件限制了，需要先解除。", EN: "Turn on “Set Automatically”. If the switch is greyed out, Screen Time or a profile restricts it; lift that first."}, i18n.Text{ZH: "重新打开 WPS App，再登录一次。", EN: "Reopen the WPS app and sign in again."}},
	oIPadOS:    {i18n.Text{ZH: "在 iPad 上打开「设置」→「通用」→「日期与时间」。", EN: "On the iPad, open Settings → General → Date & Time."}, i18n.Text{ZH: "打开「自动设置」。如果开关是灰色的，可能被「屏幕使用时间」或描述文件限制了，需要先解除。", EN: "Turn on “Set Automatically”. If the switch is greyed out, Screen Time or a profile restricts it; lift that first."}, i18n.Text{ZH: "重新打开 WPS App，再登录一次。", EN: "Reopen the WPS app and sign in again."}},
	oHarmonyOS: {i18n.Text{ZH: "打开「设置」→「系统和更新」（部分版本为「系统」）→「日期和时间」。", EN: "Open Settings → System & updates (on some versions just System) → Date & time."}, i18n.Text{ZH: "打开「自动设置」（使用网络时间），并让时区自动设置，或手动选择正确的时区，例如「中国标准时间」。", EN: "Turn on “Set automatically” (network time) and automatic time zone, or pick the right zone by hand, e.g. China Standard Time."}, i18n.Text{ZH: "重新打开 WPS，再登录一次。", EN: "Reopen WPS and sign in again."}},
	oDefault:   {i18n.Text{ZH: "在系统设置里找到「日期和时间」。", EN: "Find Date & Time in the system settings."}, i18n.Text{ZH: "打开自动同步时间和自动设置时区，或手动选择正确的时区。", EN: "Turn on automatic time and automatic time zone, or pick the right zone by hand."}, stepRestartWPS},
}

// Where WPS keeps its data on a computer. The cache and reinstall steps
// name them so that people rename files there and delete nothing: the
// Windows folder also holds WPS's local backups (the backup centre), and
// the macOS sandbox container holds documents not yet synced.
const (
	winDataDir   = `%appdata%\Kingsoft`
	winBackupDir = `%appdata%\Kingsoft\office6\backup`
	winConfigDir = `%appdata%\Kingsoft\WPS Office\`
	macContainer = "~/Library/Containers/com.kingsoft.wpsoffice.mac"
	macOldPlist  = "~/Library/Preferences/com.kingsoft.wpsoffice.plist"
)

// stepWinBackup says where the Windows backups are, before any step that
// touches WPS's folders.
var stepWinBackup = i18n.Text{ZH: "先看一眼 WPS 的本地备份：按 Win+R，输入 " + winBackupDir + " 回车。这里是 WPS「备份中心」的文件，可能是某些文档唯一的副本：把需要的复制到桌面或 U 盘，这个文件夹本身不要删除、不要移动。",
	EN: "First look at WPS's local backups: press Win+R, type " + winBackupDir + " and press Enter. These are the files of WPS's backup centre and may be the only copy of some documents: copy what you need to the desktop or a USB stick, and do not delete or move the folder itself."}

// stepWinRepair sends people to WPS's own repair tool first. Its menu
// names are not verifiable across versions, so they are examples.
var stepWinRepair = i18n.Text{ZH: "先用 WPS 自带的修复工具，不要手动删文件夹：例如打开「开始」菜单 →「WPS Office」→「配置工具」（有的版本叫「WPS Office 工具」），选「高级」里的「重置修复」或「修复」（各版本名称不同，这里只是举例）。",
	EN: "Use WPS's own repair tool before touching any folder by hand: for example, open the Start menu → WPS Office → Configuration tool (some versions call it WPS Office Tools) and choose Repair or Reset under Advanced (names differ between versions; these are examples)."}

// stepPhoneBackup warns, before an uninstall or a “clear data” on a phone
// or tablet, that files kept only on the device go with it.
var stepPhoneBackup = i18n.Text{ZH: "清除数据或删除 App 之前，先保住只存在这台设备上的文件：在 WPS 里把它们上传到云文档，或者另存到 WPS 以外的文件夹（例如「下载」或 iCloud 云盘）。删除 App 会把留在 App 里的本机文件一起删掉。",
	EN: "Before clearing data or deleting the app, save the files that exist only on this device: upload them to cloud documents in WPS, or save copies outside WPS (for example to Downloads or iCloud Drive). Deleting the app deletes the local files kept inside it."}

var cacheSteps = osSteps{
	oWindows: {i18n.Text{ZH: "完全退出 WPS（包括任务栏右下角托盘里的 WPS 图标）。", EN: "Quit WPS completely, including its icon in the notification area."}, stepWinBackup,
		stepWinRepair, i18n.Text{ZH: "修复工具没用，再按 Win+R 打开 " + winConfigDir + "，把 user.config 改名为 user.config.bak（只改名，不删除）；找不到这个文件就跳过这一步。", EN: "If the repair tool does not help, press Win+R, open " + winConfigDir + " and rename user.config to user.config.bak (rename only, do not delete); if there is no such file, skip this step."}, i18n.Text{ZH: "重新打开 WPS 并登录；要恢复原来的设置，把 user.config.bak 改回原名即可。", EN: "Reopen WPS and sign in; to get the old settings back, rename user.config.bak to its old name."},
	},
	oMacOS:     {i18n.Text{ZH: "按 ⌘Q 完全退出 WPS Office。", EN: "Quit WPS Office completely with ⌘Q."}, i18n.Text{ZH: "WPS for Mac 运行在沙盒里，数据在 " + macContainer + "（国际版是 com.kingsoft.wpsoffice.mac.global）。这里也有还没同步到云端的文档：整个文件夹不要删除。", EN: "WPS for Mac runs in a sandbox and keeps its data in " + macContainer + " (com.kingsoft.wpsoffice.mac.global for the international build). Documents not yet synced to the cloud live there too: do not delete the folder."}, i18n.Text{ZH: "在访达里按 ⇧⌘G，前往 " + macContainer + "/Data/Library/Preferences/（国际版把路径里的 .mac 换成 .mac.global），把其中 com.kingsoft.wpsoffice 开头的 .plist 文件改名，在末尾加上 .bak；只改名，不删除。", EN: "In Finder press ⇧⌘G and go to " + macContainer + "/Data/Library/Preferences/ (for the international build use .mac.global instead of .mac), and rename the .plist file whose name starts with com.kingsoft.wpsoffice by adding .bak at the end; rename, do not delete."}, i18n.Text{ZH: "上面两个位置（国内版、国际版）都不存在时：你的 WPS 是较旧的非沙盒版本，设置在 " + macOldPlist + "（帮助文章写的就是它），同样只把它改名；哪里都找不到就跳过这一步，直接更新或重装，其余文件不要动。", EN: "If neither place exists (China or international build), your WPS is an older, non-sandboxed version that keeps its settings in " + macOldPlist + " (the file the help article names): rename that one instead. If you find none of them, skip this step and update or reinstall; leave every other file alone."}, i18n.Text{ZH: "注销或重启一次 Mac，再打开 WPS 登录；要恢复原来的设置，把 .bak 去掉即可。", EN: "Log out or restart the Mac, then open WPS and sign in; to get the old settings back, remove the .bak again."}},
	oLinux:     {i18n.Text{ZH: "退出 WPS。", EN: "Quit WPS."}, i18n.Text{ZH: "WPS 的用户配置一般在 ~/.config/Kingsoft/ 下（例如其中的 Office.conf，具体位置随版本可能不同）。把这个文件夹改名备份，例如 mv ~/.config/Kingsoft ~/.config/Kingsoft.bak；不要删除它，也不要动 ~/Documents 等放文档的地方。", EN: "WPS usually keeps its user settings under ~/.config/Kingsoft/ (for example Office.conf; the exact place may differ between versions). Rename the folder as a backup, e.g. mv ~/.config/Kingsoft ~/.config/Kingsoft.bak; do not delete it, and leave places with documents such as ~/Documents alone."}, i18n.Text{ZH: "重新打开 WPS 并登录；备份文件夹留着，出了问题可以改回原名。", EN: "Reopen WPS and sign in; keep the backup folder so you can rename it back if anything is missing."}},
	oChromeOS:  {i18n.Text{ZH: "ChromeOS 上一般用的是安卓版 WPS：打开「设置」→「应用」→「管理应用」→「WPS Office」。", EN: "On ChromeOS WPS is usually the Android app: open Settings → Apps → Manage your apps → WPS Office."}, i18n.Text{ZH: "先点「清除缓存」：这不会删掉你的文件。", EN: "Tap “Clear cache” first: this deletes none of your files."}, stepPhoneBackup, i18n.Text{ZH: "还不行再清除存储空间，或者卸载后从 Google Play 重新安装 WPS Office。", EN: "If that does not help, clear its storage, or uninstall it and reinstall WPS Office from Google Play."}},
	oAndroid:   {i18n.Text{ZH: "打开「设置」→「应用」→「WPS Office」→「存储」，点「清除缓存」：这不会删掉你的文件。", EN: "Open Settings → Apps → WPS Office → Storage and tap “Clear cache”: this deletes none of your files."}, stepPhoneBackup, i18n.Text{ZH: "还不行再点「清除数据」（会退出登录），或者卸载后从应用商店重新安装。", EN: "If that does not help, tap “Clear data” (this signs you out), or uninstall and reinstall from the app store."}},
	oIOS:       {i18n.Text{ZH: "先在 WPS App 里退出账号再重新登录（例如「我」→「设置」→「退出登录」，名称随版本不同）。", EN: "First sign out in the WPS app and sign in again (for example Me → Settings → Sign out; names differ between versions)."}, i18n.Text{ZH: "不要用「卸载 App」（Offload）：它会保留 App 的数据，出错的登录信息也留着，清不掉。", EN: "Do not use “Offload App”: it keeps the app's data, the broken sign-in included, so it clears nothing."}, stepPhoneBackup, i18n.Text{ZH: "然后长按 WPS Office 图标 →「删除 App」，再从 App Store 重新安装并登录。", EN: "Then touch and hold the WPS Office icon → Delete App, reinstall it from the App Store and sign in."}},
	oIPadOS:    {i18n.Text{ZH: "先在 WPS App 里退出账号再重新登录（例如「我」→「设置」→「退出登录」，名称随版本不同）。", EN: "First sign out in the WPS app and sign in again (for example Me → Settings → Sign out; names differ between versions)."}, i18n.Text{ZH: "不要用「卸载 App」（Offload）：它会保留 App 的数据，出错的登录信息也留着，清不掉。", EN: "Do not use “Offload App”: it keeps the app's data, the broken sign-in included, so it clears nothing."}, stepPhoneBackup, i18n.Text{ZH: "然后在 iPad 上长按 WPS Office 图标 →「删除 App」，再从 App Store 重新安装并登录。", EN: "Then on the iPad touch and hold the WPS Office icon → Delete App, reinstall it from the App Store and sign in."}},
	oHarmonyOS: {i18n.Text{ZH: "打开「设置」→「应用和服务」→「应用管理」→「WPS Office」→「存储」，点「清空缓存」（菜单名称随系统版本略有不同）。", EN: "Open Settings → Apps & services → Apps → WPS Office → Storage and tap “Clear cache” (names vary a little between versions)."}, stepPhoneBackup, i18n.Text{ZH: "还不行就卸载 WPS，从「应用市场」（AppGallery）重新安装。", EN: "If that does not help, uninstall WPS and reinstall it from AppGallery."}},
	oDefault:   {i18n.Text{ZH: "退出 WPS，在系统的应用设置里清除 WPS 的缓存（只清缓存，不删文件）。", EN: "Quit WPS and clear its cache in the system's app settings (the cache only, no files)."}, i18n.Text{ZH: "卸载之前先把只存在这台设备上的文档备份出来；还不行再卸载，从官方渠道重新安装。", EN: "Back up the documents that exist only on this device before uninstalling; if nothing else helps, uninstall and reinstall from an official source."}},
}

var updateSteps = osSteps{
	oWindows:   {i18n.Text{ZH: "在 WPS 里打开「帮助」→「检查更新」（新版可能在右上角菜单或「设置」里），安装最新版本后重启 WPS。", EN: "In WPS, open Help → Check for updates (newer versions keep it in the top-right menu or Settings), install the latest version and restart WPS."}},
	oMacOS:     {i18n.Text{ZH: "在 WPS 里打开「帮助」→「检查更新」；从 Mac App Store 安装的，就在 App Store 的「更新」里更新。", EN: "In WPS, open Help → Check for updates; if it came from the Mac App Store, update it under Updates there."}},
	oLinux:     {i18n.Text{ZH: "在 WPS 里打开「帮助」→「检查更新」；如果没有这一项，就到 WPS 官网下载最新的 Linux 安装包（.deb 或 .rpm）覆盖安装。", EN: "In WPS, open Help → Check for updates; if there is no such item, download the latest Linux package (.deb or .rpm) from the WPS website and install it over the old one."}},
	oChromeOS:  {i18n.Text{ZH: "打开 Google Play，搜索 WPS Office 并更新。", EN: "Open Google Play, find WPS Office and update it."}},
	oAndroid:   {i18n.Text{ZH: "打开手机的应用商店（或 Google Play），搜索 WPS Office 并更新到最新版。", EN: "Open your phone's app store (or Google Play), find WPS Office and update it."}},
	oIOS:       {i18n.Text{ZH: "打开 App Store，点右上角的头像，在待更新列表里更新 WPS Office。", EN: "Open the App Store, tap your picture at the top right and update WPS Office in the list."}},
	oIPadOS:    {i18n.Text{ZH: "打开 App Store，点右上角的头像，在待更新列表里更新 WPS Office。", EN: "Open the App Store, tap your picture at the top right and update WPS Office in the list."}},
	oHarmonyOS: {i18n.Text{ZH: "打开「应用市场」（AppGallery），搜索 WPS Office 并更新；HarmonyOS NEXT 设备需要安装鸿蒙版 WPS。", EN: "Open AppGallery, find WPS Office and update it; HarmonyOS NEXT devices need the HarmonyOS edition of WPS."}},
	oDefault:   {i18n.Text{ZH: "桌面版在 WPS 的「帮助」→「检查更新」里更新；手机版到应用商店更新。", EN: "On a computer use Help → Check for updates in WPS; on a phone update it in the app store."}},
}

// reinstallSteps are the desktop reinstall steps; on phones and tablets the
// cache steps already end in a reinstall, so their slots are empty (not
// nil: they must not fall back to the default).
var reinstallSteps = osSteps{
	oChromeOS:  {},
	oAndroid:   {},
	oIOS:       {},
	oIPadOS:    {},
	oHarmonyOS: {},
	oWindows:   {i18n.Text{ZH: "修复工具和改名都不管用，再卸载：「设置」→「应用」→「WPS Office」→「卸载」。卸载时如果问要不要删除用户数据或配置，选保留；也不要手动删除 " + winDataDir + "：里面有备份中心的文档。", EN: "Uninstall only if neither the repair tool nor the renaming helped: Settings → Apps → WPS Office → Uninstall. If the uninstaller asks whether to delete user data or settings, keep them; do not delete " + winDataDir + " by hand either: it holds the backup centre's documents."}, i18n.Text{ZH: "想让新安装从干净的设置开始，只把 " + winConfigDir + " 改名（例如改成 WPS Office.bak），别的都不动。", EN: "For a fresh start, rename only " + winConfigDir + " (for example to WPS Office.bak) and leave everything else as it is."}, i18n.Text{ZH: "从 WPS 官网下载最新安装包重新安装（国内版 www.wps.cn，国际版 www.wps.com），不要用第三方下载站的安装包。", EN: "Download the latest installer from the WPS website (www.wps.cn for China, www.wps.com for the international edition) and install it; avoid third-party download sites."}},
	oMacOS:     {i18n.Text{ZH: "重装前先打开 WPS，把还没同步到云端的文档另存一份到「文稿」。", EN: "Before reinstalling, open WPS and save a copy of any document not yet synced to the cloud into Documents."}, i18n.Text{ZH: "把 WPS Office 从「应用程序」拖到废纸篓：这只删除程序，沙盒里的数据还在。", EN: "Drag WPS Office from Applications to the Trash: this removes the program only; the data in its sandbox stays."}, i18n.Text{ZH: "从 Mac App Store 或 WPS 官网（国内版 www.wps.cn，国际版 www.wps.com）重新安装；登录还不行，再按上面清缓存的步骤把设置文件改名。", EN: "Reinstall it from the Mac App Store or the WPS website (www.wps.cn for China, www.wps.com for the international edition); if sign-in still fails, rename the settings file as in the cache steps above."}},
	oLinux:     {i18n.Text{ZH: "用包管理器卸载（例如 sudo apt remove wps-office，这不会删除家目录里的文件），并按上面的步骤把 ~/.config/Kingsoft 改名备份。", EN: "Remove it with the package manager (e.g. sudo apt remove wps-office, which leaves your home folder alone) and rename ~/.config/Kingsoft as a backup as above."}, i18n.Text{ZH: "从 WPS 官网下载最新的 Linux 安装包重新安装。", EN: "Reinstall it from the latest Linux package on the WPS website."}},
	oDefault:   {i18n.Text{ZH: "先备份本机文档，再卸载 WPS，从官方渠道重新安装；WPS 的数据文件夹只改名，不删除。", EN: "Back up local documents, then uninstall WPS and reinstall it from an official source; rename WPS's data folders if you must, never delete them."}},
}

var systemUpdateSteps = osSteps{
	oWindows: {i18n.Text{ZH: "在「设置」→「Windows 更新」里装好系统更新，补齐客户端需要的系统组件。", EN: "Install pending updates in Settings → Windows Update so the system components the app needs are present."}},
	oMacOS:   {i18n.Text{ZH: "在「系统设置」→「通用」→「软件更新」里装好系统更新。", EN: "Install pending updates in System Settings → General → Software Update."}},
}

var proxySteps = osSteps{
	oWindows:   {i18n.Text{ZH: "关闭 VPN 和各类“加速器”软件。", EN: "Turn off VPNs and “accelerator” tools."}, i18n.Text{ZH: "打开「设置」→「网络和 Internet」→「代理」，关闭不需要的代理（单位要求使用的除外）。", EN: "Open Settings → Network & internet → Proxy and turn off proxies you do not need (unless your organisation requires one)."}, i18n.Text{ZH: "在杀毒或安全软件里把 WPS 和本页网址加入信任名单（白名单），再试一次：这比关掉防护安全。", EN: "Add WPS and this page's address to the trusted list (allow list) of your antivirus or security software and try again: safer than switching protection off."}, stepPauseSafely},
	oMacOS:     {i18n.Text{ZH: "关闭 VPN 和代理类 App。", EN: "Turn off VPN and proxy apps."}, i18n.Text{ZH: "打开「系统设置」→「网络」→ 当前网络 →「详细信息」→「代理」，关掉不需要的代理。", EN: "Open System Settings → Network → your network → Details → Proxies and turn off proxies you do not need."}, i18n.Text{ZH: "在「网络」→「防火墙」和第三方安全软件里，把 WPS 加入允许列表。", EN: "In Network → Firewall and any third-party security software, add WPS to the allowed apps."}, stepPauseSafely},
	oLinux:     {i18n.Text{ZH: "关闭 VPN；在「设置」→「网络」→「网络代理」里选「禁用」，并检查 http_proxy、https_proxy 等环境变量。", EN: "Turn off the VPN; set Settings → Network → Network Proxy to Disabled and check the http_proxy and https_proxy variables."}, i18n.Text{ZH: "检查防火墙（如 ufw、firewalld）有没有拦截对外的 443 端口；需要时加一条允许规则，不要整个关掉。", EN: "Check whether a firewall (such as ufw or firewalld) blocks outgoing port 443; add an allow rule if needed rather than switching it off."}},
	oChromeOS:  {i18n.Text{ZH: "打开「设置」→「网络」→ 当前网络 →「代理」，选「直接连接到互联网」；关闭 VPN。", EN: "Open Settings → Network → your network → Proxy, choose a direct internet connection, and turn off any VPN."}},
	oAndroid:   {i18n.Text{ZH: "在通知栏或「设置」→「网络」→「VPN」里关闭 VPN。", EN: "Turn off the VPN from the quick settings or Settings → Network → VPN."}, i18n.Text{ZH: "在当前 Wi-Fi 的详情里把「代理」设为「无」。", EN: "In the current Wi-Fi's details, set Proxy to None."}, i18n.Text{ZH: "检查手机管家或安全软件有没有禁止 WPS 和浏览器联网；在它的设置里允许，而不是把它关掉。", EN: "Check that a phone manager or security app does not stop WPS or the browser from going online; allow them in its settings rather than switching it off."}},
	oIOS:       {i18n.Text{ZH: "在「设置」→「通用」→「VPN与设备管理」里关闭 VPN。", EN: "Turn off the VPN in Settings → General → VPN & Device Management."}, i18n.Text{ZH: "在「设置」→「无线局域网」→ 当前网络旁的 ⓘ →「配置代理」里选「关闭」。", EN: "In Settings → Wi-Fi, tap ⓘ next to your network → Configure Proxy → Off."}},
	oIPadOS:    {i18n.Text{ZH: "在「设置」→「通用」→「VPN与设备管理」里关闭 VPN。", EN: "Turn off the VPN in Settings → General → VPN & Device Management."}, i18n.Text{ZH: "在「设置」→「无线局域网」→ 当前网络旁的 ⓘ →「配置代理」里选「关闭」。", EN: "In Settings → Wi-Fi, tap ⓘ next to your network → Configure Proxy → Off."}},
	oHarmonyOS: {i18n.Text{ZH: "在控制中心或「设置」里关闭 VPN。", EN: "Turn off the VPN in Control Panel or Settings."}, i18n.Text{ZH: "在当前 WLAN 的详情里把「代理」设为「无」。", EN: "In the current WLAN's details, set Proxy to None."}, i18n.Text{ZH: "在「设置」→「移动网络」→「流量管理」（或「应用联网」）里确认 WPS 可以联网。", EN: "In Settings → Mobile network → Data usage (or App network access), make sure WPS may go online."}},
	oDefault:   {i18n.Text{ZH: "关闭 VPN 和代理。", EN: "Turn off VPNs and proxies."}, i18n.Text{ZH: "在防火墙或安全软件里把 WPS 加入信任名单，再试一次。", EN: "Add WPS to the trusted list of the firewall or security software and try again."}, stepPauseSafely},
}

// appNetworkSteps: the WPS app itself may be kept off the network while
// the browser is online (a per-app switch on phones, a firewall rule on
// computers).
var appNetworkSteps = osSteps{
	oWindows:   {i18n.Text{ZH: "本页能连上而 WPS 连不上：在 Windows 安全中心或你装的安全软件里，确认 WPS Office 被允许联网（加入信任名单）。", EN: "If this page connects but WPS does not: in Windows Security or your security software, make sure WPS Office may go online (add it to the trusted list)."}},
	oMacOS:     {i18n.Text{ZH: "本页能连上而 WPS 连不上：在「系统设置」→「网络」→「防火墙」和第三方安全软件里，确认 WPS Office 没有被禁止联网。", EN: "If this page connects but WPS does not: in System Settings → Network → Firewall and any third-party security software, make sure WPS Office is not kept offline."}},
	oAndroid:   {i18n.Text{ZH: "本页能打开而 WPS App 连不上：很多品牌（华为、荣耀、小米、OPPO、vivo 等）能单独禁止某个 App 联网。在「设置」→「应用」→「WPS Office」里找「联网控制」「网络权限」或「移动数据和 WLAN」，把 WLAN 和移动数据都打开（名称随品牌不同，手机管家里也可能有「联网控制」）。", EN: "If this page opens but the WPS app cannot connect: many brands (Huawei, Honor, Xiaomi, OPPO, vivo and others) can cut one app off the network. In Settings → Apps → WPS Office look for network control, network permission or mobile data & Wi-Fi and allow both (names vary by brand; a phone manager app may have a network control page too)."}},
	oIOS:       {i18n.Text{ZH: "本页能打开而 WPS App 连不上：国行 iPhone 可以单独禁止某个 App 联网，打开「设置」→ 往下找到「WPS Office」→「无线数据」，选「WLAN 与蜂窝网络」；其他地区的 iPhone 在「设置」→「蜂窝网络」里打开 WPS Office。", EN: "If this page opens but the WPS app cannot connect: iPhones sold in mainland China can cut one app off the network; open Settings → scroll to WPS Office → Wireless Data and choose WLAN & Cellular Data. On iPhones from elsewhere, turn WPS Office on under Settings → Mobile Data."}},
	oIPadOS:    {i18n.Text{ZH: "本页能打开而 WPS App 连不上：国行 iPad 可以单独禁止某个 App 联网，打开「设置」→「WPS Office」→「无线数据」，选允许联网的一项（有蜂窝网络的 iPad 选「WLAN 与蜂窝网络」）。", EN: "If this page opens but the WPS app cannot connect: iPads sold in mainland China can cut one app off the network; open Settings → WPS Office → Wireless Data and allow it (WLAN & Cellular Data on a cellular iPad)."}},
	oHarmonyOS: {i18n.Text{ZH: "本页能打开而 WPS 连不上：在「设置」→「移动网络」→「流量管理」→「应用联网」（或「手机管家」里）确认 WPS 可以使用 WLAN 和移动数据。", EN: "If this page opens but WPS cannot connect: in Settings → Mobile network → Data usage → App network access (or in the phone manager) make sure WPS may use WLAN and mobile data."}},
	oChromeOS:  {i18n.Text{ZH: "本页能打开而 WPS 连不上：在「设置」→「应用」→「管理应用」→「WPS Office」里确认它没有被限制使用网络。", EN: "If this page opens but WPS cannot connect: in Settings → Apps → Manage your apps → WPS Office make sure it is not restricted from the network."}},
	oLinux:     {i18n.Text{ZH: "本页能打开而 WPS 连不上：检查防火墙规则和 WPS 自己的代理设置。", EN: "If this page opens but WPS cannot connect: check the firewall rules and WPS's own proxy setting."}},
	oDefault:   {i18n.Text{ZH: "本页能打开而 WPS 连不上：在系统或安全软件的应用联网设置里，确认 WPS 可以联网。", EN: "If this page opens but WPS cannot connect: make sure WPS may go online in the system's or security software's per-app network settings."}},
}

// captiveSteps get someone through a Wi-Fi sign-in portal, per system.
var captiveSteps = osSteps{
	oWindows:   {i18n.Text{ZH: "连的是酒店、机场、商场等公共 Wi-Fi：点任务栏右下角的网络图标，在这个网络下点「打开浏览器并连接」一类的提示完成认证；没有提示就在浏览器里打开任意网址。", EN: "On public Wi-Fi (a hotel, airport or shop): click the network icon on the taskbar and choose the prompt under the network that opens the sign-in page; if there is none, open any address in a browser."}},
	oMacOS:     {i18n.Text{ZH: "连的是公共 Wi-Fi：点菜单栏的 Wi-Fi 图标，重新选一次这个网络，等认证窗口弹出后完成登录；不弹就在浏览器里打开任意网址。", EN: "On public Wi-Fi: click the Wi-Fi icon in the menu bar, choose the network again and finish the sign-in window when it appears; if it does not, open any address in a browser."}},
	oAndroid:   {i18n.Text{ZH: "连的是公共 Wi-Fi：下拉通知栏，点「登录 WLAN 网络」一类的通知完成认证；没有通知就在浏览器里打开任意网址。", EN: "On public Wi-Fi: pull down the notifications and tap the “sign in to Wi-Fi network” notice; if there is none, open any address in a browser."}},
	oHarmonyOS: {i18n.Text{ZH: "连的是公共 WLAN：下拉通知栏，找「登录」或「认证」一类的通知完成认证；没有就在浏览器里打开任意网址。", EN: "On public WLAN: pull down the notifications and tap the sign-in notice; if there is none, open any address in a browser."}},
	oIOS:       {i18n.Text{ZH: "连的是公共 Wi-Fi：在「设置」→「无线局域网」里点一下这个网络，等认证页面弹出后完成登录；不弹就在 Safari 里打开任意网址。", EN: "On public Wi-Fi: tap the network in Settings → Wi-Fi and finish the sign-in page when it appears; if it does not, open any address in Safari."}},
	oIPadOS:    {i18n.Text{ZH: "连的是公共 Wi-Fi：在 iPad 的「设置」→「无线局域网」里点一下这个网络，等认证页面弹出后完成登录；不弹就在 Safari 里打开任意网址。", EN: "On public Wi-Fi: tap the network in the iPad's Settings → Wi-Fi and finish the sign-in page when it appears; if it does not, open any address in Safari."}},
	oLinux:     {i18n.Text{ZH: "连的是公共 Wi-Fi：桌面一般会弹出“需要登录”的网络通知，点它完成认证；没有的话在浏览器里打开任意网址。", EN: "On public Wi-Fi: the desktop usually shows a network notice that sign-in is needed; click it, or open any address in a browser if there is none."}},
	oChromeOS:  {i18n.Text{ZH: "连的是公共 Wi-Fi：点右下角的时间打开快捷设置，选这个网络，按提示打开登录页完成认证；没有提示就在浏览器里打开任意网址。", EN: "On public Wi-Fi: click the time at the bottom right for quick settings, select the network and open its sign-in page when prompted; if there is no prompt, open any address in a browser."}},
	oDefault:   {stepPublicWiFi},
}

var inAppSteps = osSteps{
	oAndroid:   {i18n.Text{ZH: "点右上角的「···」（或「⋮」），选「在浏览器打开」，用手机自带的浏览器完成登录。", EN: "Tap “···” (or “⋮”) at the top right and choose “Open in browser” to finish in the phone's own browser."}, i18n.Text{ZH: "菜单里没有这一项的话，点「复制链接」，再粘贴到浏览器里打开。", EN: "If the menu has no such item, tap “Copy link” and paste it into a browser."}},
	oHarmonyOS: {i18n.Text{ZH: "点右上角的「···」，选「在浏览器打开」，用系统浏览器完成登录。", EN: "Tap “···” at the top right and choose “Open in browser” to finish in the system browser."}, i18n.Text{ZH: "菜单里没有这一项的话，点「复制链接」，再粘贴到浏览器里打开。", EN: "If the menu has no such item, tap “Copy link” and paste it into a browser."}},
	oIOS:       {i18n.Text{ZH: "点右上角的「···」，选「在 Safari 中打开」（钉钉、飞书等可能写作「在浏览器中打开」）。", EN: "Tap “···” at the top right and choose “Open in Safari” (DingTalk, Feishu and others may say “Open in browser”)."}, i18n.Text{ZH: "菜单里没有这一项的话，点「复制链接」，再粘贴到 Safari 里打开。", EN: "If the menu has no such item, tap “Copy link” and paste it into Safari."}},
	oIPadOS:    {i18n.Text{ZH: "点右上角的「···」，选「在 Safari 中打开」（钉钉、飞书等可能写作「在浏览器中打开」）。", EN: "Tap “···” at the top right and choose “Open in Safari” (DingTalk, Feishu and others may say “Open in browser”)."}, i18n.Text{ZH: "菜单里没有这一项的话，点「复制链接」，再粘贴到 Safari 里打开。", EN: "If the menu has no such item, tap “Copy link” and paste it into Safari."}},
	oWindows:   {i18n.Text{ZH: "点窗口右上角的「在默认浏览器中打开」图标或「···」菜单，用电脑上的浏览器（如 Edge、Chrome）打开。", EN: "Click the “Open in default browser” icon or the “···” menu at the top right of the window to open the page in Edge, Chrome or another browser."}},
	oMacOS:     {i18n.Text{ZH: "点窗口右上角的「在默认浏览器中打开」图标或「···」菜单，用 Safari 或 Chrome 打开。", EN: "Click the “Open in default browser” icon or the “···” menu at the top right of the window to open the page in Safari or Chrome."}},
	oDefault:   {i18n.Text{ZH: "在 App 的「···」菜单里选「在浏览器打开」；没有这一项就复制链接到浏览器里打开。", EN: "Choose “Open in browser” in the app's “···” menu, or copy the link into a browser."}},
}

var cookieSteps = osSteps{
	oIOS:       {i18n.Text{ZH: "打开「设置」→「App」→「Safari 浏览器」（iOS 17 及更早：「设置」→「Safari 浏览器」），关闭「阻止所有 Cookie」。", EN: "Open Settings → Apps → Safari (iOS 17 and earlier: Settings → Safari) and turn off “Block All Cookies”."}, i18n.Text{ZH: "如果在用无痕浏览，切回普通窗口。", EN: "If you are in a private window, switch to a normal one."}},
	oIPadOS:    {i18n.Text{ZH: "打开「设置」→「App」→「Safari 浏览器」（iPadOS 17 及更早：「设置」→「Safari 浏览器」），关闭「阻止所有 Cookie」。", EN: "Open Settings → Apps → Safari (iPadOS 17 and earlier: Settings → Safari) and turn off “Block All Cookies”."}, i18n.Text{ZH: "如果在用无痕浏览，切回普通窗口。", EN: "If you are in a private window, switch to a normal one."}},
	oMacOS:     {i18n.Text{ZH: "Safari：打开「设置」→「隐私」，取消勾选「阻止所有 Cookie」。", EN: "Safari: open Settings → Privacy and untick “Block all cookies”."}, i18n.Text{ZH: "Chrome 或 Edge：在设置的「隐私和安全」里允许 Cookie，或把 [*.]wps.cn、[*.]wps.com、[*.]kdocs.cn 加入允许列表。", EN: "Chrome or Edge: allow cookies under Privacy and security, or add [*.]wps.cn, [*.]wps.com and [*.]kdocs.cn to the allowed sites."}, i18n.Text{ZH: "如果在用无痕窗口，切回普通窗口。", EN: "If you are in a private window, switch to a normal one."}},
	oAndroid:   {i18n.Text{ZH: "在浏览器的「设置」→「网站设置」（或「隐私」）→「Cookie」里允许 Cookie。", EN: "In the browser's Settings → Site settings (or Privacy) → Cookies, allow cookies."}, i18n.Text{ZH: "退出无痕模式后再试。", EN: "Leave private (incognito) mode and try again."}},
	oHarmonyOS: {i18n.Text{ZH: "在浏览器的「设置」→「隐私与安全」里允许 Cookie。", EN: "In the browser's Settings → Privacy & security, allow cookies."}, i18n.Text{ZH: "退出无痕模式后再试。", EN: "Leave private mode and try again."}},
	oDefault:   {i18n.Text{ZH: "Chrome 或 Edge：在设置的「隐私和安全」（Edge 为「Cookie 和网站权限」）里允许 Cookie，或把 [*.]wps.cn、[*.]wps.com、[*.]kdocs.cn 加入允许列表。", EN: "Chrome or Edge: allow cookies under Privacy and security (Edge: Cookies and site permissions), or add [*.]wps.cn, [*.]wps.com and [*.]kdocs.cn to the allowed sites."}, i18n.Text{ZH: "Firefox：在「设置」→「隐私与安全」里选「标准」，或为 wps.cn 和 wps.com 添加例外。", EN: "Firefox: choose Standard under Settings → Privacy & Security, or add exceptions for wps.cn and wps.com."}, i18n.Text{ZH: "退出无痕窗口后再试。", EN: "Leave the private window and try again."}},
}

var outdatedSteps = osSteps{
	oWindows:   {i18n.Text{ZH: "更新浏览器：在 Chrome 或 Edge 的「设置」→「关于」页面会自动检查更新。", EN: "Update the browser: Chrome's or Edge's Settings → About page checks for updates by itself."}, i18n.Text{ZH: "不要用 IE 打开 WPS 网页；Windows 7 等老系统装不了新版浏览器，可以改用手机登录。", EN: "Do not use Internet Explorer for WPS; old systems such as Windows 7 cannot run current browsers, so try your phone instead."}},
	oMacOS:     {i18n.Text{ZH: "Safari 随 macOS 一起更新：「系统设置」→「通用」→「软件更新」；也可以安装最新版 Chrome 或 Edge。", EN: "Safari updates with macOS (System Settings → General → Software Update); you can also install the latest Chrome or Edge."}},
	oLinux:     {i18n.Text{ZH: "用发行版的软件更新，或浏览器官方的软件源，把浏览器升级到最新版。", EN: "Update the browser with your distribution's updater or the browser's own repository."}},
	oChromeOS:  {i18n.Text{ZH: "打开「设置」→「关于 ChromeOS」→「检查更新」。", EN: "Open Settings → About ChromeOS → Check for updates."}},
	oAndroid:   {i18n.Text{ZH: "在应用商店里更新浏览器和「Android System WebView」。", EN: "Update the browser and “Android System WebView” in the app store."}},
	oIOS:       {i18n.Text{ZH: "Safari 随 iOS 一起更新：「设置」→「通用」→「软件更新」。", EN: "Safari updates with iOS: Settings → General → Software Update."}},
	oIPadOS:    {i18n.Text{ZH: "Safari 随 iPadOS 一起更新：「设置」→「通用」→「软件更新」。", EN: "Safari updates with iPadOS: Settings → General → Software Update."}},
	oHarmonyOS: {i18n.Text{ZH: "在「应用市场」里更新浏览器，并在「设置」→「系统和更新」→「软件更新」里更新系统。", EN: "Update the browser in AppGallery and the system in Settings → System & updates → Software update."}},
	oDefault:   {i18n.Text{ZH: "把浏览器更新到最新版本，或换用新版 Chrome、Edge、Firefox、Safari。", EN: "Update the browser, or switch to a current Chrome, Edge, Firefox or Safari."}},
}

// Step tables are indexed by these OS slots (static data, no map).
const (
	oDefault = iota
	oWindows
	oMacOS
	oLinux
	oChromeOS
	oAndroid
	oIOS
	oIPadOS
	oHarmonyOS
	osSlots
)

// osSteps holds steps per OS slot; an empty slot falls back to oDefault
// (and iPadOS to iOS first).
type osSteps [osSlots][]i18n.Text

var slotOS = [osSlots]diagnosis.OS{diagnosis.OSDefault, diagnosis.OSWindows, diagnosis.OSMacOS, diagnosis.OSLinux, diagnosis.OSChromeOS, diagnosis.OSAndroid, diagnosis.OSIOS, diagnosis.OSIPadOS, diagnosis.OSHarmonyOS}

func (t *osSteps) forSlot(i int) []i18n.Text {
	if t[i] != nil {
		return t[i]
	}
	if i == oIPadOS && t[oIOS] != nil {
		return t[oIOS]
	}
	return t[oDefault]
}

// mergeSteps concatenates the step tables for every OS that any of them
// names, each table falling back to its default.
func mergeSteps(parts []*osSteps) map[diagnosis.OS][]i18n.Text {
	out := map[diagnosis.OS][]i18n.Text{}
	for i := 0; i < osSlots; i++ {
		named := i == oDefault
		for _, p := range parts {
			named = named || p[i] != nil
		}
		if !named {
			continue
		}
		var steps []i18n.Text
		for _, p := range parts {
			steps = append(steps, p.forSlot(i)...)
		}
		out[slotOS[i]] = steps
	}
	return out
}

// entrySpec is the static form of an Entry.
type entrySpec struct {
	id    diagnosis.FindingID
	title i18n.Text
	why   i18n.Text
	steps []*osSteps
	seed  []string
}

// supportSteps say where WPS's official support is. No hotline or address
// could be sourced, so the steps name the place in the app (as examples:
// menu names change between versions) and warn about fake numbers.
var supportSteps = osSteps{
	oWindows:   {stepDesktopSupport},
	oMacOS:     {stepDesktopSupport},
	oLinux:     {stepDesktopSupport},
	oChromeOS:  {stepPhoneSupport},
	oAndroid:   {stepPhoneSupport},
	oIOS:       {stepPhoneSupport},
	oIPadOS:    {stepPhoneSupport},
	oHarmonyOS: {stepPhoneSupport},
	oDefault:   {i18n.Text{ZH: "官方客服的入口在 WPS 客户端和 App 里（例如「帮助与反馈」），也可以从 WPS 官网 www.wps.cn 进入；不要相信搜索结果里自称 WPS 客服的电话或网站。", EN: "Official support is reached from inside the WPS app (for example “Help & feedback”) or from the WPS website www.wps.cn; do not trust phone numbers or sites in search results that claim to be WPS support."}},
}

var (
	stepDesktopSupport = i18n.Text{ZH: "找官方客服：在 WPS 电脑版里点右上角的头像或「帮助」菜单，选「在线客服」或「问题反馈」一类的入口（名称随版本不同，这里只是举例）；不要相信搜索结果里自称 WPS 客服的电话。", EN: "To reach official support: in WPS on the computer, click your picture at the top right or the Help menu and choose the online support or feedback entry (names differ between versions; these are examples). Do not trust phone numbers in search results that claim to be WPS support."}
	stepPhoneSupport   = i18n.Text{ZH: "找官方客服：在 WPS App 里点「我」→「帮助与反馈」或「客服」（名称随版本不同，这里只是举例）；不要相信搜索结果里自称 WPS 客服的电话。", EN: "To reach official support: in the WPS app, tap Me → Help & feedback or Support (names differ between versions; these are examples). Do not trust phone numbers in search results that claim to be WPS support."}
)

// accountIDSteps say where to see the account ID and the linked sign-in
// methods (menu names are examples).
var accountIDSteps = osSteps{
	oWindows:   {stepDesktopAccountID},
	oMacOS:     {stepDesktopAccountID},
	oLinux:     {stepDesktopAccountID},
	oChromeOS:  {stepPhoneAccountID},
	oAndroid:   {stepPhoneAccountID},
	oIOS:       {stepPhoneAccountID},
	oIPadOS:    {stepPhoneAccountID},
	oHarmonyOS: {stepPhoneAccountID},
	oDefault:   {i18n.Text{ZH: "看账号 ID：在 WPS 官网 www.wps.cn 登录后，到账号设置里查看账号 ID，以及绑定了哪些登录方式。", EN: "See the account ID: sign in on the WPS website www.wps.cn and look in the account settings for the account ID and the sign-in methods linked to it."}},
}

var (
	stepDesktopAccountID = i18n.Text{ZH: "看账号 ID：在 WPS 电脑版右上角点头像，打开「个人中心」或「账号管理」一类的页面（名称随版本不同），记下账号 ID，并看看绑定了哪些登录方式（手机号、邮箱、微信、QQ、钉钉、Apple）。", EN: "See the account ID: in WPS on the computer, click your picture at the top right and open the personal centre or account page (names differ between versions); note the account ID and which sign-in methods are linked (phone, e-mail, WeChat, QQ, DingTalk, Apple)."}
	stepPhoneAccountID   = i18n.Text{ZH: "看账号 ID：在 WPS App 里点「我」→ 头像，进入「账号与安全」一类的页面（名称随版本不同），记下账号 ID，并看看绑定了哪些登录方式（手机号、邮箱、微信、QQ、钉钉、Apple）。", EN: "See the account ID: in the WPS app tap Me → your picture and open the account & security page (names differ between versions); note the account ID and which sign-in methods are linked (phone, e-mail, WeChat, QQ, DingTalk, Apple)."}
)

// codeFilterSteps say where a phone puts a blocked verification text.
var codeFilterSteps = osSteps{
	oAndroid:   {i18n.Text{ZH: "看看手机的骚扰拦截：打开「手机管家」（或「安全中心」）→「骚扰拦截」，在拦截记录里找验证码短信；也翻一下「信息」App 里的「通知信息」或「骚扰信息」分类（名称随品牌不同）。", EN: "Check the phone's spam filter: open the phone manager (or security centre) → spam blocking and look for the code among blocked texts; also look in the notifications or spam folder of the Messages app (names vary by brand)."}},
	oHarmonyOS: {i18n.Text{ZH: "看看手机的骚扰拦截：打开「手机管家」→「骚扰拦截」，在拦截记录里找验证码短信；也翻一下「信息」里的「通知信息」。", EN: "Check the phone's spam filter: open Phone Manager → Blocked and look for the code among blocked texts; also look under notification messages in Messages."}},
	oIOS:       {i18n.Text{ZH: "在「信息」App 里点左上角的「过滤」，看「未知发件人」和「垃圾信息」；装了第三方短信拦截 App 的，也看看它的拦截记录。", EN: "In the Messages app tap Filters at the top left and look under Unknown Senders and Junk; if a third-party text-filter app is installed, check what it blocked."}},
	oIPadOS:    {i18n.Text{ZH: "iPad 一般收不到短信：验证码发到绑定的手机上，在那台手机的「信息」或拦截记录里找。", EN: "An iPad usually cannot receive text messages: the code goes to the linked phone; look in that phone's messages or spam filter."}},
	oDefault:   {i18n.Text{ZH: "验证码发到你绑定的手机或邮箱：在手机上看看「信息」App 的过滤列表和「手机管家」的骚扰拦截记录。", EN: "The code goes to your linked phone or e-mail: on the phone, look in the Messages app's filtered lists and the phone manager's blocked texts."}},
}

var kbSpecs = []entrySpec{
	{id: diagnosis.FindingOffline,
		title: i18n.Text{ZH: "设备没有连上网络", EN: "This device is offline"},
		why: i18n.Text{ZH: "本页的服务器和国内外的常用网站都连不上，说明问题在你这边的网络，而不是 WPS：没有网络就无法登录。",
			EN: "Neither this page's server nor big websites at home or abroad answered, so the problem is your connection, not WPS: without a network you cannot sign in."},
		steps: []*osSteps{&osSteps{
			oDefault: {i18n.Text{ZH: "检查 Wi-Fi、网线或手机数据是否已连上，并关闭飞行模式。", EN: "Check that Wi-Fi, the cable or mobile data is connected and flight mode is off."}, i18n.Text{ZH: "用浏览器打开任意一个网站，确认能不能上网。", EN: "Open any website in a browser to see whether you are online."}},
			oWindows: {i18n.Text{ZH: "点任务栏右下角的网络图标，确认已连上网络，并关闭飞行模式。", EN: "Click the network icon on the taskbar to check that you are connected and flight mode is off."}, i18n.Text{ZH: "用浏览器打开任意一个网站，确认能不能上网。", EN: "Open any website in a browser to see whether you are online."}},
			oIOS:     {i18n.Text{ZH: "从右上角下拉打开控制中心，确认飞行模式已关闭、Wi-Fi 或蜂窝数据已打开。", EN: "Swipe down from the top right for Control Center and check that flight mode is off and Wi-Fi or mobile data is on."}, i18n.Text{ZH: "国行 iPhone 可以单独禁止某个 App 联网：用的不是 Safari 的话，在「设置」里往下找到这个浏览器 →「无线数据」，选「WLAN 与蜂窝网络」；Safari 在「设置」→「蜂窝网络」里确认已打开。", EN: "iPhones sold in mainland China can cut one app off the network: if your browser is not Safari, find it in Settings → Wireless Data and choose WLAN & Cellular Data; for Safari, check it is on under Settings → Mobile Data."}},
			oAndroid: {i18n.Text{ZH: "下拉通知栏，确认飞行模式已关闭、Wi-Fi 或移动数据已打开。", EN: "Pull down the quick settings and check that flight mode is off and Wi-Fi or mobile data is on."}, i18n.Text{ZH: "很多品牌能单独禁止某个 App 联网：在「设置」→「应用」→ 你用的浏览器 里找「联网控制」或「移动数据和 WLAN」，都打开（名称随品牌不同）。", EN: "Many brands can cut one app off the network: in Settings → Apps → your browser, look for network control or mobile data & Wi-Fi and allow both (names vary by brand)."}},
		}, &osSteps{oDefault: {i18n.Text{ZH: "重启路由器或设备后再试。", EN: "Restart the router or the device and try again."}}}, &captiveSteps,
			&osSteps{oWindows: {i18n.Text{ZH: "以上都不行，最后才考虑「网络重置」（「设置」→「网络和 Internet」→「高级网络设置」→「网络重置」）：它会删除并重装所有网卡，VPN 客户端和虚拟网卡（虚拟机、加速器等）要重新安装或配置，电脑还会重启。", EN: "Only if nothing above helps, consider Network reset as a last resort (Settings → Network & internet → Advanced network settings → Network reset): it removes and reinstalls every network adapter, so VPN clients and virtual adapters (virtual machines, accelerators) must be reinstalled or set up again, and the computer restarts."}}},
			&osSteps{oDefault: {stepRecheck}}},
		seed: []string{"cause_1_network", "basic_1_network", "fix_3_network_proxy", "prev_5_network"},
	},
	{id: diagnosis.FindingNetworkRestricted,
		title: i18n.Text{ZH: "这个网络只放行少数网站，WPS 不在其中", EN: "This network lets only a few sites through, and not WPS"},
		why: i18n.Text{ZH: "有的地址能连上（比如本页），但百度、微软这些常用网站打不开，WPS 也连不上，所以不是“网络正常、只有 WPS 被拦”。常见于还没完成认证的公共 Wi-Fi，以及只放行工作网站的公司或学校内网。这不是 WPS 出了故障，也不是你的账号有问题。",
			EN: "Some addresses answer (this page, for one), but big sites such as Baidu and Microsoft do not, and neither does WPS: this is not “the internet works and only WPS is blocked”. It is typical of public Wi-Fi that wants you to sign in first, and of company or school networks that let only work sites through. Neither WPS nor your account is at fault."},
		steps: []*osSteps{&captiveSteps, &osSteps{oDefault: {
			stepAdminAllow, i18n.Text{ZH: "单位要求用代理上网的，按管理员给的设置把代理填好，再检查一次。", EN: "If your organisation requires a proxy, set it up as the administrator says and check again."}, i18n.Text{ZH: "想马上登录：换一个网络，例如把 Wi-Fi 换成手机数据，再打开本页检查一次。", EN: "To sign in right away, use another network, for example mobile data instead of Wi-Fi, and check again on this page."}, stepRecheck}}},
		seed: []string{"cause_1_network", "basic_1_network", "fix_3_network_proxy", "prev_5_network"},
	},
	{id: diagnosis.FindingWPSBlocked,
		title: i18n.Text{ZH: "网络能用，但连不上 WPS", EN: "The internet works, but WPS is blocked"},
		why: i18n.Text{ZH: "你的设备能上网（常用网站能打开），却连不上 WPS 的服务器，而目前没有迹象表明 WPS 本身出了故障。常见原因是公司或学校网络的限制、防火墙、代理、VPN、安全软件或浏览器拦截插件。",
			EN: "Your device is online (big websites open) but cannot reach the WPS servers, while nothing shows WPS itself is down. The usual causes are company or school network rules, a firewall, a proxy, a VPN, security software or a blocker extension."},
		steps: []*osSteps{&osSteps{oDefault: {stepBlockerOff}}, &proxySteps, &osSteps{oDefault: {stepPublicWiFi, stepAdminAllow, stepTryMobile, stepRecheck}}},
		seed:  []string{"cause_1_network", "cause_6_third_party", "basic_1_network", "fix_3_network_proxy"},
	},
	{id: diagnosis.FindingWPSServiceIssue,
		title: i18n.Text{ZH: "WPS 服务暂时异常，不是你的问题", EN: "WPS is having trouble right now — it is not you"},
		why: i18n.Text{ZH: "我们的服务器在同一时间访问 WPS 也失败了：WPS 可能在维护升级或临时故障。这种情况改你的设置没有用。",
			EN: "Our server could not reach WPS at the same time either: WPS is probably under maintenance or has a temporary fault. Changing your settings will not help."},
		steps: []*osSteps{&osSteps{oDefault: {i18n.Text{ZH: "先不用改任何设置，过 15～30 分钟再试。", EN: "Change nothing for now; try again in 15 to 30 minutes."}, i18n.Text{ZH: "留意 WPS 官网（www.wps.cn）和 WPS App 里的公告。", EN: "Watch for notices on the WPS website (www.wps.cn) and in the WPS app."}, i18n.Text{ZH: "急用的文档可以先用电脑上的本地文件继续工作。", EN: "If a document is urgent, keep working on a local copy meanwhile."}, i18n.Text{ZH: "联系客服时附上本页的" + supportCodeZH + "，方便确认故障范围。", EN: "When you contact support, include this page's " + supportCodeEN + " so they can confirm the outage."}}}},
		seed:  []string{"cause_7_service", "faq_4_cloud_docs"},
	},
	{id: diagnosis.FindingLoginUnreachable,
		title: i18n.Text{ZH: "只有 WPS 登录服务器连不上", EN: "Only the WPS login servers are unreachable"},
		why: i18n.Text{ZH: "WPS 的其他服务能访问，只有登录服务器（account.wps.cn 等）连不上，多半是被防火墙、代理、安全软件或拦截插件单独拦住了。",
			EN: "Other WPS services answer, but the login servers (account.wps.cn and others) do not: most likely a firewall, proxy, security software or blocker extension singles them out."},
		steps: []*osSteps{&osSteps{oDefault: {stepBlockerOff}}, &proxySteps, &osSteps{oDefault: {stepAdminAllow, stepTryMobile, stepRecheck}}},
		seed:  []string{"cause_6_third_party", "fix_3_network_proxy"},
	},
	{id: diagnosis.FindingNetworkSlow,
		title: i18n.Text{ZH: "网络很慢或不稳定", EN: "The network is slow or unstable"},
		why: i18n.Text{ZH: "能连上，但响应很慢；登录过程中一旦超时，就会卡住或失败。",
			EN: "Things answer, but slowly; if sign-in times out halfway, it hangs or fails."},
		steps: []*osSteps{&osSteps{oDefault: {i18n.Text{ZH: "换个网络试试，例如 Wi-Fi 和手机数据互换。", EN: "Try another network, e.g. swap Wi-Fi and mobile data."}, i18n.Text{ZH: "暂停下载、在线视频等占用带宽的任务。", EN: "Pause downloads, videos and other bandwidth-heavy tasks."}, i18n.Text{ZH: "靠近路由器，或者重启一下路由器。", EN: "Move closer to the router or restart it."}, i18n.Text{ZH: "关闭 VPN 或“加速器”，它们可能让连接绕远路。", EN: "Turn off VPNs or “accelerators”: they can send traffic the long way round."}, i18n.Text{ZH: "网络稳定后再登录。", EN: "Sign in once the connection is steady."}, stepRecheck}}},
		seed:  []string{"cause_1_network", "faq_2_login_hangs", "prev_5_network"},
	},
	{id: diagnosis.FindingClockSkew,
		title: i18n.Text{ZH: "设备时间不准", EN: "The device clock is wrong"},
		why: i18n.Text{ZH: "登录时的安全校验会比对时间，设备时钟偏差太大时，WPS 会拒绝登录，或者登录后马上失效。",
			EN: "The sign-in security check compares clocks; when the device clock is far off, WPS refuses the sign-in or drops it right away."},
		steps: []*osSteps{&timeSyncSteps, &osSteps{oDefault: {stepRecheck}}},
		seed:  []string{"cause_4_system_time", "fix_4_time_sync"},
	},
	{id: diagnosis.FindingTimezoneWrong,
		title: i18n.Text{ZH: "时区设错了", EN: "The time zone is wrong"},
		why: i18n.Text{ZH: "设备上显示的钟点看起来是对的，但时区设错了，所以设备换算出的标准时间整整差了几个小时，登录的安全校验因此失败。",
			EN: "The time on screen looks right but the time zone is wrong, so the device's idea of universal time is off by whole hours and the sign-in security check fails."},
		steps: []*osSteps{&osSteps{oDefault: {stepDontTurnBack}}, &timeSyncSteps, &osSteps{oDefault: {stepRecheck}}},
		seed:  []string{"cause_4_system_time", "fix_4_time_sync"},
	},
	{id: diagnosis.FindingInAppBrowser,
		title: i18n.Text{ZH: "正在 App 的内置浏览器里打开", EN: "You are inside an app's built-in browser"},
		why: i18n.Text{ZH: "对这次检测来说：结果反映的是这个内置浏览器自己的网络和设置（有的 App 用自己的网络通道、Cookie 和存储），不一定等于系统浏览器或 WPS 客户端的情况。对登录来说：内置浏览器常常限制弹窗、页面跳转、第三方 Cookie，滑块验证也常出不来；扫码登录更没法用同一部手机扫自己屏幕上的码。换到系统浏览器里打开本页，重新检测后再登录。",
			EN: "For this check: the results describe this built-in browser's own network and settings (some apps use their own network path, cookies and storage), which may differ from your system browser or the WPS app. For signing in: built-in browsers often restrict pop-ups, redirects and third-party cookies, slider puzzles often fail to load, and a QR sign-in cannot be scanned with the same phone that shows it. Open this page in the system browser, check again, then sign in there."},
		steps: []*osSteps{&inAppSteps, &osSteps{oDefault: {stepRecheck}}},
		seed:  []string{"basic_3_web_login", "fix_7_web_or_mobile"},
	},
	{id: diagnosis.FindingCookiesDisabled,
		title: i18n.Text{ZH: "浏览器禁用了 Cookie", EN: "Cookies are turned off in this browser"},
		why: i18n.Text{ZH: "网页登录要靠 Cookie 记住登录状态；Cookie 被禁用时，登录后会立刻掉线，或者一直回到登录页。",
			EN: "Web sign-in relies on cookies to stay signed in; with cookies off you are thrown out right after signing in, or sent back to the sign-in page again and again."},
		steps: []*osSteps{&cookieSteps, &osSteps{oDefault: {stepRecheck}}},
		seed:  []string{"basic_3_web_login"},
	},
	{id: diagnosis.FindingStorageBlocked,
		title: i18n.Text{ZH: "浏览器不允许网站保存数据", EN: "The browser does not let sites store data"},
		why: i18n.Text{ZH: "无痕模式或禁止网站数据的设置，会让网页版 WPS 无法保存登录信息和设置。",
			EN: "Private mode or a setting that blocks site data keeps the WPS web pages from saving sign-in details and settings."},
		steps: []*osSteps{&cookieSteps, &osSteps{oDefault: {i18n.Text{ZH: "清除本网站的数据后刷新页面。", EN: "Clear this site's data and reload the page."}, stepRecheck}}},
		seed:  []string{"basic_3_web_login"},
	},
	{id: diagnosis.FindingBrowserOutdated,
		title: i18n.Text{ZH: "浏览器版本太旧", EN: "The browser is too old"},
		why: i18n.Text{ZH: "WPS 的网页版和登录页面需要较新的浏览器，老版本可能打不开登录页，或者点了没反应。",
			EN: "The WPS web pages and sign-in need a reasonably recent browser; old ones may fail to show the sign-in page or ignore clicks."},
		steps: []*osSteps{&outdatedSteps, &osSteps{oDefault: {stepRecheck}}},
		seed:  []string{"basic_3_web_login", "prev_1_keep_updated"},
	},
	{id: diagnosis.FindingInsecureContext,
		title: i18n.Text{ZH: "页面没有通过安全连接打开", EN: "This page is not on a secure connection"},
		why: i18n.Text{ZH: "本页不是通过 HTTPS 打开的。WPS 的登录页面一律使用 HTTPS；如果链接被改成了 http://，可能是网络中的设备在篡改流量。",
			EN: "This page was not opened over HTTPS. WPS sign-in pages always use HTTPS; if the link was turned into http://, something on the network may be tampering with traffic."},
		steps: []*osSteps{&osSteps{oDefault: {i18n.Text{ZH: "确认地址栏以 https:// 开头，并且是客服发给你的完整链接。", EN: "Check that the address starts with https:// and is the full link support sent you."}, i18n.Text{ZH: "如果浏览器提示证书错误，或者链接被改成了 http://，不要在这个网络里输入任何密码，改用手机数据网络再打开。", EN: "If the browser warns about a certificate or the link became http://, do not type any password on this network; reopen the page over mobile data."}, i18n.Text{ZH: "不要使用来路不明的“加速”“破解”工具。", EN: "Do not use unknown “speed-up” or “cracked” tools."}}}},
		seed:  []string{"prev_3_careful_third_party", "prev_5_network"},
	},
	{id: diagnosis.FindingPasswordRejected,
		title: i18n.Text{ZH: "提示账号或密码错误", EN: "“Wrong account or password”"},
		why: i18n.Text{ZH: "说明登录请求已经送到 WPS，是账号或密码没有通过：最常见的是输错、大小写不对、用了已经改掉的旧密码；也可能这个账号是用微信、QQ、钉钉或 Apple 登录建的，根本没有密码，或者你在国际版里登录国内版的账号。",
			EN: "The sign-in reached WPS and the account or password was not accepted: usually a typo, the wrong capitals or an old password that was changed; or the account was made by signing in with WeChat, QQ, DingTalk or Apple and has no password at all, or a China account is being used in the international edition."},
		steps: []*osSteps{&osSteps{oDefault: {i18n.Text{ZH: "先想想这个账号当初是怎么建的：如果是在登录页直接点微信、QQ、钉钉或 Apple 登录生成的，它可能从来没设过密码，输什么都会提示错误。点登录页上对应的图标用原来的方式登录，或者先用「忘记密码」给它设一个密码。", EN: "First think how the account was made: if it came from tapping WeChat, QQ, DingTalk or Apple on the sign-in page, it may never have had a password, so every password is “wrong”. Tap that icon on the sign-in page to sign in the same way, or give it a password with “Forgot password” first."}, i18n.Text{ZH: "确认账号：注册时用的手机号或邮箱，前后不要带空格。", EN: "Check the account: the phone number or e-mail you registered with, with no spaces around it."}, i18n.Text{ZH: "确认密码：注意大小写（看看大写锁定是否开着），以及输入法是否在全角状态。", EN: "Check the password: capitals matter (is Caps Lock on?), and make sure the keyboard is not in full-width mode."}, i18n.Text{ZH: "想一想是否在别的设备上改过密码，而这里还在用旧密码。", EN: "Think whether you changed the password on another device and are still typing the old one here."}, i18n.Text{ZH: "确认版本对得上：国内版 WPS（wps.cn）和国际版 WPS Office（wps.com）的账号互不通用，在国际版里登录国内版的账号会提示错误。", EN: "Check the edition: accounts of WPS in China (wps.cn) and WPS Office international (wps.com) do not work in each other's apps; a China account in the international app is rejected."}, i18n.Text{ZH: "如果登录页提供手机验证码或扫码登录，可以换一种方式试试。", EN: "If the sign-in page offers a text-message code or QR sign-in, try that instead."}, i18n.Text{ZH: "仍然不行就点「忘记密码」重置；不要反复乱试，连续输错会触发安全锁定。", EN: "If it still fails, use “Forgot password”; do not keep guessing, as repeated failures lock the account."}}}},
		seed:  []string{"cause_2_credentials", "basic_2_account_info", "faq_1_wrong_password", "fix_1_reset_password"},
	},
	{id: diagnosis.FindingForgotPassword,
		title: i18n.Text{ZH: "忘记密码", EN: "Forgotten password"},
		why: i18n.Text{ZH: "用注册时绑定的手机号或邮箱就能自己重置密码。",
			EN: "You can reset it yourself with the phone number or e-mail linked to the account."},
		steps: []*osSteps{&osSteps{oDefault: {i18n.Text{ZH: "在 WPS 登录界面点「忘记密码」。", EN: "On the WPS sign-in screen, tap “Forgot password”."}, i18n.Text{ZH: "输入注册时用的手机号或邮箱，按提示接收验证码并设置新密码。", EN: "Enter the phone number or e-mail you registered with, get the code and set a new password."}, i18n.Text{ZH: "账号是用微信、QQ、钉钉或 Apple 登录建的，可以直接用同样的方式登录，不需要密码。", EN: "If the account was made by signing in with WeChat, QQ, DingTalk or Apple, sign in the same way: no password is needed."}, i18n.Text{ZH: "回到客户端用新密码登录，其他设备上记着的旧密码也一并换掉。", EN: "Sign in to the app with the new password, and replace the old one remembered on your other devices."}, i18n.Text{ZH: "顺手把手机号和邮箱都绑定好，以后找回更方便。", EN: "While you are there, link both a phone number and an e-mail so recovery is easy next time."}}}},
		seed:  []string{"fix_1_reset_password", "adv_1_bind_contacts", "prev_2_bind_security_info"},
	},
	{id: diagnosis.FindingAccountLocked,
		title: i18n.Text{ZH: "账号被锁定或冻结", EN: "The account is locked or frozen"},
		why: i18n.Text{ZH: "连续多次登录失败会触发安全锁定；账号异常时也可能被冻结。这只能由 WPS 解除，设备上的设置帮不上忙。",
			EN: "Several failed sign-ins in a row trigger a security lock, and an account can also be frozen when something looks wrong. Only WPS can lift it; device settings will not help."},
		steps: []*osSteps{&osSteps{oDefault: {i18n.Text{ZH: "先停止反复尝试登录，避免锁定时间延长。", EN: "Stop trying to sign in for now so the lock is not extended."}, i18n.Text{ZH: "在 WPS 官网（www.wps.cn）或手机 App 里看账号的状态和提示。", EN: "Check the account status and message on the WPS website (www.wps.cn) or in the phone app."}, i18n.Text{ZH: "显示冻结或有异常，就向 WPS 官方客服申请解除，照要求证明账号是你的（例如用注册手机号收验证码）。", EN: "If it shows frozen or abnormal, ask WPS's official support to lift it and prove the account is yours as they ask (for example with a code sent to the registered phone)."}}},
			&supportSteps,
			&osSteps{oDefault: {i18n.Text{ZH: "解锁后修改密码，并开启双重验证。", EN: "Once unlocked, change the password and turn on two-step verification."}, i18n.Text{ZH: "不要在公共或不安全的网络上登录。", EN: "Do not sign in on public or untrusted networks."}}}},
		seed: []string{"cause_5_account", "fix_6_account_status", "faq_3_account_locked", "adv_2_two_factor"},
	},
	{id: diagnosis.FindingLoginHangs,
		title: i18n.Text{ZH: "登录界面卡住或没反应", EN: "The sign-in screen hangs"},
		why: i18n.Text{ZH: "多半是客户端缓存出错、版本太旧，或者网络不稳定。",
			EN: "Usually a broken client cache, an outdated app, or an unstable network."},
		steps: []*osSteps{&osSteps{oDefault: {i18n.Text{ZH: "先看本页的网络检测结果：网络不稳定的话，先解决网络。", EN: "Look at this page's network results first: fix the network if it is unstable."}}}, &appNetworkSteps, &updateSteps, &cacheSteps, &osSteps{oDefault: {i18n.Text{ZH: "还不行就重启电脑或手机后再试。", EN: "If it still hangs, restart the computer or phone and try again."}}}},
		seed:  []string{"faq_2_login_hangs", "fix_5_clear_cache", "fix_2_update_reinstall", "basic_4_restart"},
	},
	{id: diagnosis.FindingCloudDocs,
		title: i18n.Text{ZH: "打不开云文档", EN: "Cloud documents will not open"},
		why: i18n.Text{ZH: "云文档要靠网络和 WPS 云服务；网络或服务出问题，或者设备之间没有同步，都会打不开。",
			EN: "Cloud documents depend on the network and the WPS cloud service; a problem with either, or devices that are out of sync, keeps them closed."},
		steps: []*osSteps{&osSteps{oDefault: {i18n.Text{ZH: "先看本页对「WPS 云盘」「WPS 云文档服务」的检测结果，确认网络连接正常。", EN: "Check this page's results for the WPS cloud drive and cloud documents service to confirm the connection."}, i18n.Text{ZH: "确认 WPS 云服务是否正常：本页会显示服务器一侧的检测结果。", EN: "Check whether the WPS cloud service is up: this page shows the server-side check."}, i18n.Text{ZH: "在浏览器里打开金山文档网页版（www.kdocs.cn）或用手机 App 打开同一份文档。", EN: "Open the same document in Kdocs on the web (www.kdocs.cn) or in the phone app."}, i18n.Text{ZH: "确保各设备登录的是同一个账号，并已同步到最新；文档不是打不开而是“不见了”，请在上面的情况里选「登录成功了，但云文档不见了」。", EN: "Make sure every device is signed in to the same account and fully synced; if the documents are gone rather than failing to open, pick “Signed in, but my cloud documents are gone” above."}}}},
		seed:  []string{"faq_4_cloud_docs", "fix_7_web_or_mobile", "adv_5_multi_device"},
	},
	{id: diagnosis.FindingClientProblem,
		title: i18n.Text{ZH: "WPS 客户端出错或闪退", EN: "The WPS app shows errors or crashes"},
		why: i18n.Text{ZH: "客户端版本过旧、安装损坏、配置文件出错，或系统缺少组件，都会让登录出问题；网页版能登上，就基本可以确定是客户端的问题。",
			EN: "An outdated app, a damaged installation, a broken configuration file or missing system components all break sign-in; if the web sign-in works, the app is almost certainly the problem."},
		steps: []*osSteps{&osSteps{oDefault: {i18n.Text{ZH: "先在浏览器里登录 WPS 官网或用手机 App 登录，确认账号本身正常。", EN: "First sign in on the WPS website or in the phone app to make sure the account itself is fine."}}}, &appNetworkSteps, &updateSteps, &cacheSteps, &reinstallSteps, &systemUpdateSteps, &osSteps{oDefault: {i18n.Text{ZH: "只用官方渠道下载的安装包。", EN: "Only use installers from official sources."}}}},
		seed:  []string{"cause_3_client", "cause_4_system_time", "fix_2_update_reinstall", "fix_5_clear_cache", "fix_7_web_or_mobile", "adv_4_official_download"},
	},
	{id: diagnosis.FindingNoIssueFound,
		title: i18n.Text{ZH: "这台设备上没有发现问题", EN: "Nothing wrong found on this device"},
		why: i18n.Text{ZH: "这台设备能连上 WPS，时间和浏览器也正常。登录仍然失败的话，问题更可能在客户端或账号本身。",
			EN: "This device reaches WPS, and its clock and browser look fine. If sign-in still fails, the app or the account itself is the likelier cause."},
		steps: []*osSteps{&osSteps{oDefault: {i18n.Text{ZH: "先试试网页版：在浏览器里登录 WPS 官网；能登上说明账号正常。", EN: "Try the web first: sign in on the WPS website; if that works, the account is fine."}}}, &appNetworkSteps, &updateSteps, &cacheSteps, &osSteps{oDefault: {i18n.Text{ZH: "密码记不清就用「忘记密码」重置；账号是用微信、QQ、钉钉或 Apple 登录建的，就用同样的方式登录。", EN: "If you are unsure of the password, reset it with “Forgot password”; if the account was made with WeChat, QQ, DingTalk or Apple, sign in that way."}, i18n.Text{ZH: "到 WPS 官网看看账号有没有异常提示；显示冻结或异常就找官方客服。", EN: "Look for warnings about the account on the WPS website; contact official support if it shows frozen or abnormal."}, i18n.Text{ZH: "换网页版或手机 App 登录，判断问题是否只出在一个客户端上。", EN: "Sign in on the web or the phone app to see whether only one app is affected."}}}},
		seed:  []string{"basic_3_web_login", "basic_4_restart", "fix_2_update_reinstall", "fix_5_clear_cache", "fix_1_reset_password", "fix_6_account_status", "fix_7_web_or_mobile"},
	},
	{id: diagnosis.FindingCheckerUnreachable,
		title: i18n.Text{ZH: "本检测页的服务器暂时连不上", EN: "This page's server did not answer"},
		why: i18n.Text{ZH: "本页自己的服务器没有响应，所以时间检测和服务器一侧的对比可能缺失；其他检测结果仍然有效。",
			EN: "This page's own server did not answer, so the clock check and the server-side comparison may be missing; the other results still stand."},
		steps: []*osSteps{&osSteps{oDefault: {i18n.Text{ZH: "稍后刷新本页，重新检测。", EN: "Reload this page later and run the check again."}, stepBlockerOff, i18n.Text{ZH: "把本页的结果（文字报告或" + supportCodeZH + "）发给客服。", EN: "Send this page's result (the text report or the " + supportCodeEN + ") to support."}}}},
	},
	{id: diagnosis.FindingChecksIncomplete,
		title: i18n.Text{ZH: "检测还没有完成", EN: "The checks have not finished"},
		why:   i18n.Text{ZH: "还没有任何一项检测完成，暂时无法判断。", EN: "No check has finished yet, so there is nothing to judge."},
		steps: []*osSteps{&osSteps{oDefault: {i18n.Text{ZH: "稍等几秒；如果长时间没有进展，检查网络后刷新本页。", EN: "Wait a few seconds; if nothing happens, check the network and reload the page."}}}},
	},
	{id: diagnosis.FindingCodeNotReceived,
		title: i18n.Text{ZH: "收不到验证码", EN: "The verification code does not arrive"},
		why: i18n.Text{ZH: "验证码短信或邮件一般一分钟内就到；收不到，多半是发得太频繁被限制、手机号或区号不对、被手机的骚扰拦截或邮箱的垃圾邮件过滤拦下，或者号码已经停用。",
			EN: "Code texts and e-mails usually arrive within a minute. When one does not, it was most often sent too often and throttled, went to the wrong number or country code, was caught by the phone's spam filter or the mailbox's junk filter, or the number is no longer in use."},
		steps: []*osSteps{&osSteps{oDefault: {i18n.Text{ZH: "发送后等满 60 秒再点「重新发送」；短时间里连续发送会被限制，可能要隔一段时间（有时到第二天）才能再发。", EN: "After sending, wait a full 60 seconds before tapping resend; sending repeatedly in a short time is blocked, sometimes until the next day."}, i18n.Text{ZH: "核对手机号和国家或地区区号（海外号码要选对区号），并确认它还是账号绑定的号码：换过号就收不到。", EN: "Check the phone number and the country or region code (pick the right code for a number outside mainland China), and that it is still the number linked to the account: a replaced number receives nothing."}}},
			&codeFilterSteps,
			&osSteps{oDefault: {i18n.Text{ZH: "确认手机能正常收短信：没有欠费停机、信号正常、没开飞行模式；双卡手机看看绑定的是哪张卡。", EN: "Make sure the phone can receive texts: the line is paid and active, there is signal, flight mode is off; on a dual-SIM phone check which card is linked."}, i18n.Text{ZH: "邮箱验证码：看看垃圾邮件和广告文件夹，再检查有没有把发件人拉黑或设了过滤规则。", EN: "For an e-mail code, look in the junk and promotions folders and check that no block or filter rule catches the sender."}, i18n.Text{ZH: "如果登录页提供「语音验证码」，或者能用微信、QQ、扫码等其他方式登录，换一种方式（以登录页实际提供的为准）。", EN: "If the sign-in page offers a voice code, or another way in such as WeChat, QQ or a QR code, use that instead (whatever the page actually offers)."}}},
			&supportSteps},
		seed: []string{"fix_1_reset_password", "adv_1_bind_contacts", "prev_2_bind_security_info"},
	},
	{id: diagnosis.FindingWrongAccount,
		title: i18n.Text{ZH: "可能登进了另一个账号", EN: "You may be signed in to a different account"},
		why: i18n.Text{ZH: "一个人可能不知不觉有好几个 WPS 账号：用手机号注册一个，又在登录页点微信、QQ、钉钉或 Apple 生成一个；国内版（wps.cn）和国际版（wps.com）的账号也是两套，互不相通。登录成功却看不到原来的云文档，多半是登进了另一个账号，文档本身还在原来的账号里。",
			EN: "One person can end up with several WPS accounts without noticing: one registered with a phone number, another created by tapping WeChat, QQ, DingTalk or Apple on the sign-in page; the China (wps.cn) and international (wps.com) editions keep separate accounts too. Signed in but the cloud documents are gone usually means a different account: the documents are still in the old one."},
		steps: []*osSteps{&accountIDSteps, &osSteps{oDefault: {i18n.Text{ZH: "回想文档当初是用哪种方式登录时保存的，用同样的方式（同一个手机号、同一个微信或 QQ）重新登录，看文档是否回来。", EN: "Recall how you were signed in when the documents were saved, sign in that same way (same phone number, same WeChat or QQ) and see whether they come back."}, i18n.Text{ZH: "看清版本：国际版 WPS Office（界面多为英文，登录地址是 account.wps.com）看不到国内版账号的云文档，反之亦然；用当初的那个版本登录。", EN: "Check the edition: the international WPS Office (mostly English, signs in at account.wps.com) cannot see a China account's cloud documents, nor the other way round; sign in with the edition you used."}, i18n.Text{ZH: "找到有文档的账号后，在「账号与安全」里把你常用的登录方式都绑到这个账号上，以后不管用哪种方式都进同一个账号（名称随版本不同）。", EN: "Once you find the account with the documents, link the sign-in methods you use to it under account & security, so that every way in leads to the same account (names differ between versions)."}, i18n.Text{ZH: "两个账号里都有文档时，先在一个账号里把需要的文档下载下来，再到另一个账号里上传；能不能合并账号，请问 WPS 官方客服。", EN: "If both accounts hold documents, download what you need from one and upload it to the other; ask WPS's official support whether accounts can be merged."}}},
			&supportSteps},
		seed: []string{"adv_5_multi_device", "faq_4_cloud_docs", "fix_7_web_or_mobile"},
	},
	{id: diagnosis.FindingOrgAccount,
		title: i18n.Text{ZH: "单位或学校的账号，要走单位的登录", EN: "Work and school accounts sign in through the organisation"},
		why: i18n.Text{ZH: "WPS 365、企业版、私有化部署和校园版的账号由单位统一管理：登录入口、密码规则和解锁都归单位的管理员。私有化部署的 WPS 连的是单位自己的服务器，本页对 wps.cn、wps.com 的检测说明不了它能不能用。",
			EN: "WPS 365, enterprise, self-hosted and school accounts are run by the organisation: its administrators own the sign-in entry, the password rules and unlocking. A self-hosted WPS talks to the organisation's own servers, so this page's checks of wps.cn and wps.com say nothing about it."},
		steps: []*osSteps{&osSteps{oDefault: {i18n.Text{ZH: "用单位给的登录方式：登录页上通常有「企业账号」「组织登录」或「SSO 单点登录」一类的入口，也可能是单位发的专属网址（名称因单位而异，这里只是举例）。", EN: "Sign in the way your organisation set up: the sign-in page usually has an entry such as “enterprise account”, “organisation sign-in” or “SSO”, or the organisation gave you its own address (names differ; these are examples)."}, i18n.Text{ZH: "忘记密码、账号被锁或没有权限，找单位的 IT 部门或管理员，而不是 WPS 客服：这类账号只有单位能处理。", EN: "For a forgotten password, a locked account or missing permissions, go to your organisation's IT or administrator, not WPS support: only the organisation can fix these accounts."}, i18n.Text{ZH: "把本页的" + supportCodeZH + "或报告发给单位 IT。如果 IT 给了他们自己部署的检测链接，用那个链接再检查一次：它检测的是单位自己的服务器。", EN: "Send this page's " + supportCodeEN + " or report to your IT. If they gave you a check link of their own, use it: it checks the organisation's own servers."}, i18n.Text{ZH: "单位账号里的文档归单位管理，离职或毕业后可能就打不开了；私人文档请放在自己的个人账号里。", EN: "Documents in an organisation's account belong to the organisation and may become unreachable when you leave; keep private documents in a personal account."}}}},
		seed:  []string{"cause_1_network", "cause_5_account", "fix_6_account_status"},
	},
	{id: diagnosis.FindingSecurityCheck,
		title: i18n.Text{ZH: "登录时的安全验证过不去", EN: "The security check at sign-in does not pass"},
		why: i18n.Text{ZH: "在新设备、新网络上登录，或者短时间里失败多次时，WPS 可能额外要求验证：给绑定的手机发验证码、在已登录的设备上确认，或者拖动滑块。滑块和图形验证要加载额外的脚本，在 App 的内置浏览器里、或开着广告和脚本拦截插件时，常常显示不出来或拖不动。",
			EN: "Signing in on a new device or network, or after several failures, may make WPS ask for more: a code sent to the linked phone, a confirmation on a device that is already signed in, or a slider puzzle. Slider and picture puzzles load extra scripts and often fail to show or to move inside an app's built-in browser or with ad and script blockers on."},
		steps: []*osSteps{&osSteps{oDefault: {i18n.Text{ZH: "在系统浏览器里登录：如果是在 App 的内置浏览器里打开的，先照本页的提示换到系统浏览器。", EN: "Sign in from the system browser: if this is an app's built-in browser, switch to the system browser first as this page shows."}, i18n.Text{ZH: "对 wps.cn 和 wps.com 暂时停用广告拦截、脚本拦截插件，刷新登录页后再拖一次滑块。", EN: "Pause ad and script blockers for wps.cn and wps.com, reload the sign-in page and try the slider again."}, i18n.Text{ZH: "关掉 VPN、代理或“加速器”：网络出口一变，系统更容易要求额外验证。", EN: "Turn off VPNs, proxies and “accelerators”: a changing network exit makes extra checks more likely."}, i18n.Text{ZH: "新设备验证要用绑定的手机号收验证码，或在另一台已登录的设备上确认；绑定的手机号已经不用了，请通过官方客服申诉。", EN: "A new-device check needs a code on the linked phone or a confirmation on another signed-in device; if the linked number is no longer yours, appeal through official support."}, i18n.Text{ZH: "失败几次后先等一会儿，不要连续重试。", EN: "After a few failures, wait a while instead of retrying again and again."}}},
			&supportSteps},
		seed: []string{"cause_5_account", "basic_3_web_login", "fix_3_network_proxy"},
	},
	{id: diagnosis.FindingSignedOutElsewhere,
		title: i18n.Text{ZH: "提示在别处登录，被退出了", EN: "Signed out because the account signed in elsewhere"},
		why: i18n.Text{ZH: "这个提示说明同一个账号刚在另一台设备或网页上登录过。如果是你自己，重新登录就好；如果不是你，密码可能已经泄露。",
			EN: "The message means the same account has just signed in on another device or on the web. If that was you, simply sign in again; if it was not, the password may have leaked."},
		steps: []*osSteps{&osSteps{oDefault: {i18n.Text{ZH: "想想刚才是不是在别的电脑、手机或网页上登录过这个账号；是的话，回来重新登录即可。", EN: "Think whether you just signed in to this account on another computer, phone or on the web; if so, simply sign in here again."}, i18n.Text{ZH: "不是你本人：马上用「忘记密码」改一个新的、只在 WPS 用的密码。", EN: "If it was not you, use “Forgot password” now to set a new password that you use only for WPS."}}},
			&accountIDSteps,
			&osSteps{oDefault: {i18n.Text{ZH: "在账号设置里查看已登录的设备，把不认识的设备退出（入口名称随版本不同，例如「登录设备管理」）。", EN: "In the account settings, look at the signed-in devices and sign out any you do not know (the entry's name differs between versions, for example device management)."}, i18n.Text{ZH: "打开双重验证（登录保护），并确认绑定的手机号和邮箱都是你自己的。", EN: "Turn on two-step verification and make sure the linked phone number and e-mail are yours."}, i18n.Text{ZH: "多人共用一个账号也会互相挤下线：不要把账号借给别人。", EN: "Sharing one account between people also signs each other out: do not lend the account."}}}},
		seed: []string{"adv_2_two_factor", "adv_3_change_password", "prev_4_change_password"},
	},
}

// kb is built once from kbSpecs, on first use: the texts are static data,
// only the per-OS step maps and the article references are assembled. Not
// at package init: that runs in the page's one long start-up task (the wasm's
// instance and the Go runtime's start), which no yield can cut.
var kb = sync.OnceValue(buildKB)

func buildKB() map[diagnosis.FindingID]Entry {
	m := make(map[diagnosis.FindingID]Entry, len(kbSpecs))
	for _, sp := range kbSpecs {
		m[sp.id] = Entry{ID: sp.id, Title: sp.title, Why: sp.why, Steps: mergeSteps(sp.steps), SeedFix: refs(sp.seed...)}
	}
	return m
}
