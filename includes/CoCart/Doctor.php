<?php
/**
 * The connection doctor: checks the connection to the store step by step and says, for each, what is wrong and
 * the exact fix. Used by POST cart-sessions/v1/connection/test and by Site Health.
 *
 * Every check: { id, label, status: pass | warn | fail | skip, message, fix (string | null) }.
 *
 * Nothing it does changes the store: the key checks read or delete a cart key that cannot exist
 * ("cart_sessions_probe_" + random hex), which answers 404 once authentication and the key's permissions pass.
 * WooCommerce checks a key's read/write permission before the route runs, so a read-only key gets 401 "does
 * not have write permissions" for that DELETE while a read/write key gets 404 — that is how read vs read_write
 * is told apart without deleting anything.
 *
 * @package CartSessions
 */

declare(strict_types=1);

namespace CartSessions\CoCart;

use CartSessions\Credentials\Settings;
use CartSessions\Credentials\Validator;
use WP_Error;

final class Doctor {

	/** Cached facts about the store (version, decimals, currency), for the other parts of the plugin. */
	public const STORE_INFO_OPTION = 'cart_sessions_store_info';

	/** @var Client */
	private $client;

	/** @var Settings */
	private $settings;

	/** @var DoctorReport */
	private $report;

	public function __construct( ?Client $client = null ) {
		$this->client   = $client ?? new Client();
		$this->settings = $this->client->settings();
	}

	/**
	 * Runs every check.
	 *
	 * @return array{ok:bool,checked_at:string,store_url:string,cocart_version:string|null,key_in_use:array<string,mixed>|null,checks:array<int,array<string,mixed>>}
	 */
	public function run(): array {
		$this->report = new DoctorReport();
		if ( $this->client->in_process() ) {
			return $this->run_in_process();
		}
		$store        = $this->settings->store_url();
		$state        = $this->settings->state();
		$https        = 0 === strpos( $store, 'https://' );
		$loopback     = self::is_this_site( $store );
		$version      = null;

		// 1. Settings.
		if ( Settings::STATE_OK === $state ) {
			$this->report->add(
				'settings',
				'pass',
				__( 'A store URL and a key pair are set.', 'cart-sessions-for-cocart' )
			);
		} else {
			$error = Errors::for_state( $state, $this->settings );
			$this->report->add(
				'settings',
				Settings::STATE_NOT_CONFIGURED === $state ? 'fail' : 'fail',
				$error->get_error_message(),
				__( 'Enter the store URL, consumer key and consumer secret above and save.', 'cart-sessions-for-cocart' ) // phpcs:ignore Generic.Files.LineLength -- one translatable sentence.
			);
		}

		// 2. HTTPS or OAuth.
		if ( '' === $store ) {
			$this->report->add(
				'transport',
				'fail',
				__( 'The store URL is not a valid http:// or https:// address.', 'cart-sessions-for-cocart' ),
				__( 'Fix the store URL (or the COCART_API_URL constant).', 'cart-sessions-for-cocart' )
			);
		} elseif ( $https ) {
			$this->report->add(
				'transport',
				'pass',
				__( 'HTTPS: the key pair and cart data travel encrypted.', 'cart-sessions-for-cocart' )
			);
		} elseif ( $loopback ) {
			$this->report->add(
				'transport',
				'pass',
				__( 'Plain HTTP to this same site: requests are signed with OAuth 1.0a, so the secret never travels, and nothing leaves this server.', 'cart-sessions-for-cocart' ) // phpcs:ignore Generic.Files.LineLength -- one translatable sentence.
			);
		} else {
			$this->report->add(
				'transport',
				'warn',
				__( 'Plain HTTP: requests are signed with OAuth 1.0a, so the secret never travels, but customers’ names, emails and carts cross the network unencrypted.', 'cart-sessions-for-cocart' ), // phpcs:ignore Generic.Files.LineLength -- one translatable sentence.
				__( 'Give the store an HTTPS certificate and use its https:// address.', 'cart-sessions-for-cocart' )
			);
		}
		if ( '' === $store ) {
			return $this->report->finish( $this->settings, null );
		}

		// 3–4. Reachable, REST API on pretty permalinks, CoCart present and its version — all from the public
		// GET cocart/v2/store, which writes nothing. (An anonymous GET of the cocart/v2 namespace index makes
		// CoCart 4.3.6 save a new guest session each time: a phantom cart per test.) A JSON rest_no_route means
		// the REST API works but CoCart is missing; an HTML 404 means permalinks are off.
		$about = $this->client->request( 'GET', 'cocart/v2/store', array(), array( 'anonymous' => true ) );
		$unreachable = array( 'unreachable', 'certificate', 'too_slow', 'blocked_url' );
		if ( in_array( self::reason( $about ), $unreachable, true ) ) {
			$this->report->add( 'reachable', 'fail', $about->get_error_message(), self::fix_for( $about ) );
			$later = array(
				'permalinks',
				'cocart',
				'sessions_route',
				'key',
				'key_owner',
				'key_permission',
				'system_status',
				'auth_header',
				'version',
			);
			foreach ( $later as $id ) {
				$this->report->skip( $id );
			}
			$this->loopback( $loopback );
			return $this->report->finish( $this->settings, null );
		}
		$this->report->add(
			'reachable',
			'pass',
			sprintf( /* translators: %s: store URL */ __( '%s answers.', 'cart-sessions-for-cocart' ), $store )
		);

		$no_namespace = 'cocart_missing' === self::reason( $about );
		if ( $no_namespace || ( $about instanceof Response && is_array( $about->data ) ) ) {
			$this->report->add(
				'permalinks',
				'pass',
				__( 'The store’s /wp-json/ REST API answers (pretty permalinks are on).', 'cart-sessions-for-cocart' )
			);
		} else {
			$reason = self::reason( $about );
			$this->report->add(
				'permalinks',
				'fail',
				$about instanceof WP_Error ? $about->get_error_message() : __(
					'The store’s /wp-json/ answer is not the WordPress REST API.',
					'cart-sessions-for-cocart'
				),
				'permalinks_off' === $reason || 'not_json' === $reason
					? __( 'On the store: Settings → Permalinks → choose any structure but Plain → Save. CoCart’s key authentication only works on /wp-json/ addresses.', 'cart-sessions-for-cocart' ) // phpcs:ignore Generic.Files.LineLength -- one translatable sentence.
					: self::fix_for( $about )
			);
		}

		if ( $about instanceof Response && is_array( $about->data ) && is_string( $about->data['version'] ?? null ) ) {
			$version = $about->data['version'];
			$this->report->add( 'cocart', 'pass', sprintf(
				/* translators: %s: CoCart version */
				__( 'CoCart %s is active.', 'cart-sessions-for-cocart' ),
				$version
			) );
		} elseif ( $no_namespace ) {
			$this->report->add(
				'cocart',
				'fail',
				__( 'CoCart is not active on the store (its cocart/v2 routes are missing).', 'cart-sessions-for-cocart' ), // phpcs:ignore Generic.Files.LineLength -- one translatable sentence.
				__( 'On the store: Plugins → Add New → search “CoCart” (cart-rest-api-for-woocommerce) → Install → Activate. WooCommerce must be active too.', 'cart-sessions-for-cocart' ) // phpcs:ignore Generic.Files.LineLength -- one translatable sentence.
			);
		} else {
			$this->report->add(
				'cocart',
				'warn',
				$about instanceof WP_Error ? $about->get_error_message() : __( 'CoCart’s store route did not say which version it is.', 'cart-sessions-for-cocart' ), // phpcs:ignore Generic.Files.LineLength -- one translatable sentence.
				$about instanceof WP_Error ? self::fix_for( $about ) : null
			);
		}

		// The routes, from the cocart/v2 index read with the key: an authenticated request only re-stamps the key
		// owner's own session row (every request with the key does), where an anonymous one saves a new guest cart.
		$index  = null;
		$routes = array();
		if ( Settings::STATE_OK === $state && ! $no_namespace ) {
			$index = $this->client->request( 'GET', 'cocart/v2' );
		}
		if ( $index instanceof Response && is_array( $index->data['routes'] ?? null ) ) {
			$routes = array_keys( $index->data['routes'] );
		}

		// 5. The sessions routes.
		$documented = false;
		if ( $no_namespace ) {
			$this->report->add(
				'sessions_route',
				'fail',
				__( 'The store’s REST API has no cocart/v2 namespace: CoCart is not active there.', 'cart-sessions-for-cocart' ), // phpcs:ignore Generic.Files.LineLength -- one translatable sentence.
				__( 'Install and activate CoCart (3.1 or newer; 4.3.6 or 4.8.1+ recommended) on the store.', 'cart-sessions-for-cocart' ) // phpcs:ignore Generic.Files.LineLength -- one translatable sentence.
			);
		} elseif ( null === $index ) {
			$this->report->skip(
				'sessions_route',
				__( 'Checked with the key pair, which is not set.', 'cart-sessions-for-cocart' )
			);
		} elseif ( array() === $routes ) {
			$this->report->add(
				'sessions_route',
				'warn',
				__( 'The store does not publish its list of routes (the REST index is hidden), so this could not be checked directly; the key checks below still use it.', 'cart-sessions-for-cocart' ), // phpcs:ignore Generic.Files.LineLength -- one translatable sentence.
				__( 'Nothing to do if the key checks pass.', 'cart-sessions-for-cocart' )
			);
		} else {
			$list       = in_array( '/cocart/v2/sessions', $routes, true );
			$single     = (bool) preg_grep( '#^/cocart/v2/session/\(\?P<(session_key|cart_key)>#', $routes );
			$documented = $list && ! $single && (bool) preg_grep( '#^/cocart/v2/sessions/\(\?P<#', $routes );
			if ( $list && $single ) {
				$this->report->add(
					'sessions_route',
					'pass',
					__( 'cocart/v2/sessions and cocart/v2/session/<key> exist.', 'cart-sessions-for-cocart' )
				);
			} elseif ( $documented ) {
				$this->report->add(
					'sessions_route',
					'warn',
					__( 'The store answers the Sessions API the way CoCart’s documentation describes it (/sessions/<key>, paged), not the way released CoCart versions do. Listing works; details and deletes use /sessions/<key>.', 'cart-sessions-for-cocart' ) // phpcs:ignore Generic.Files.LineLength -- one translatable sentence.
				);
			} else {
				$this->report->add(
					'sessions_route',
					'fail',
					__( 'The store has no cocart/v2/sessions route: its CoCart is missing or older than 3.0.', 'cart-sessions-for-cocart' ), // phpcs:ignore Generic.Files.LineLength -- one translatable sentence.
					__( 'Install or update CoCart on the store (3.1 or newer; 4.3.6 or 4.8.1+ recommended).', 'cart-sessions-for-cocart' ) // phpcs:ignore Generic.Files.LineLength -- one translatable sentence.
				);
			}
		}

		// 6–8. Key valid, its owner, its permission.
		$probe_path = DeleteProbe::path( $documented );
		$read       = Settings::STATE_OK === $state ? $this->client->request( 'GET', $probe_path ) : null;
		$key_ok     = 'not_found' === self::reason( $read );
		if ( null === $read ) {
			$this->report->skip( 'key', __( 'No key pair to check.', 'cart-sessions-for-cocart' ) );
			$this->report->skip( 'key_owner' );
			$this->report->skip( 'key_permission' );
		} elseif ( $key_ok || $read instanceof Response ) {
			$state_now = $this->settings->key_state();
			if ( $state_now['index'] > 0 ) {
				$this->report->add(
					'key',
					'warn',
					sprintf(
						/* translators: %d: backup number */
						__( 'The primary key pair was refused; backup key pair #%d works and is now in use.', 'cart-sessions-for-cocart' ), // phpcs:ignore Generic.Files.LineLength -- one translatable sentence.
						$state_now['index']
					),
					__(
						'Replace the primary key pair with a working one (or make the backup the primary) and save.',
						'cart-sessions-for-cocart'
					)
				);
			} else {
				$this->report->add(
					'key',
					'pass',
					__( 'The store accepts the key pair.', 'cart-sessions-for-cocart' )
				);
			}
			$this->report->add(
				'key_owner',
				'pass',
				__( 'The key’s user can manage WooCommerce.', 'cart-sessions-for-cocart' )
			);
			$delete  = DeleteProbe::ask( $this->client, $probe_path );
			$verdict = DeleteProbe::verdict( $delete );
			if ( DeleteProbe::READ_WRITE === $verdict ) {
				$this->report->add(
					'key_permission',
					'pass',
					__( 'Read/Write: viewing and deleting carts will work.', 'cart-sessions-for-cocart' ),
					null,
					array( 'permission' => $verdict )
				);
			} elseif ( DeleteProbe::READ === $verdict ) {
				$this->report->add(
					'key_permission',
					'warn',
					__( 'Read only: viewing carts works, but deleting carts and the cleanup will fail — WooCommerce refuses DELETE requests from a read-only key (“The API key provided does not have write permissions”).', 'cart-sessions-for-cocart' ), // phpcs:ignore Generic.Files.LineLength -- one translatable sentence.
					__( 'On the store: WooCommerce → Settings → Advanced → REST API → edit this key → Permissions: Read/Write → Save. The key and secret stay the same.', 'cart-sessions-for-cocart' ), // phpcs:ignore Generic.Files.LineLength -- one translatable sentence.
					array( 'permission' => $verdict )
				);
			} else {
				$this->report->add(
					'key_permission',
					'warn',
					$delete instanceof WP_Error ? $delete->get_error_message() : __( 'The store answered a delete of a cart that does not exist without an error.', 'cart-sessions-for-cocart' ), // phpcs:ignore Generic.Files.LineLength -- one translatable sentence.
					$delete instanceof WP_Error ? self::fix_for( $delete ) : null
				);
			}
		} else {
			$reason = self::reason( $read );
			if ( 'key_owner' === $reason ) {
				$this->report->add(
					'key',
					'pass',
					__( 'The store accepts the key pair.', 'cart-sessions-for-cocart' )
				);
				$this->report->add(
					'key_owner',
					'fail',
					$read->get_error_message(),
					__( 'On the store: WooCommerce → Settings → Advanced → REST API → Add key, for a user with the Administrator or Shop manager role; paste the new pair here.', 'cart-sessions-for-cocart' ) // phpcs:ignore Generic.Files.LineLength -- one translatable sentence.
				);
			} else {
				$this->report->add( 'key', 'fail', $read->get_error_message(), self::fix_for( $read ) );
				$this->report->skip( 'key_owner' );
			}
			$this->report->skip( 'key_permission' );
		}

		// 9. WooCommerce's status route: counts, and the bulk "Clear expired carts" tool.
		$info = array();
		if ( Settings::STATE_OK !== $state || ! ( $key_ok || $read instanceof Response ) ) {
			$this->report->skip( 'system_status' );
		} else {
			list( $version, $info ) = $this->system_status( $version );
		}

		// 10. Authorization header (HTTPS only).
		if ( ! $https ) {
			$this->report->skip(
				'auth_header',
				__( 'Not used over HTTP: OAuth signs requests in the query string.', 'cart-sessions-for-cocart' )
			);
		} elseif ( ! ( $key_ok || $read instanceof Response ) ) {
			$this->report->skip( 'auth_header' );
		} else {
			$basic = $this->client->request(
				'GET',
				$probe_path,
				array(),
				array(
					'auth'   => 'basic',
					'rotate' => false,
				)
			);
			$code  = $basic instanceof WP_Error ? (string) ( $basic->get_error_data()['upstream_code'] ?? '' ) : '';
			if ( $basic instanceof Response || 'not_found' === self::reason( $basic ) ) {
				$this->report->add(
					'auth_header',
					'pass',
					__( 'Basic authentication reaches the store.', 'cart-sessions-for-cocart' )
				);
			} elseif ( 'cocart_authentication_error' === $code ) {
				$this->report->add(
					'auth_header',
					'warn',
					__( 'The store refuses the key in the Authorization header (CoCart’s own login check runs first, as in CoCart 4.8.0), so the plugin sends it as consumer_key/consumer_secret query parameters instead. That works, but the store’s access logs may record the key.', 'cart-sessions-for-cocart' ), // phpcs:ignore Generic.Files.LineLength -- one translatable sentence.
					__( 'Update CoCart on the store (4.8.1 or newer).', 'cart-sessions-for-cocart' )
				);
			} else {
				$this->report->add(
					'auth_header',
					'warn',
					__( 'The store’s web server strips the Authorization header, so the plugin sends the key as consumer_key/consumer_secret query parameters instead. That works, but the store’s access logs may record the key.', 'cart-sessions-for-cocart' ), // phpcs:ignore Generic.Files.LineLength -- one translatable sentence.
					__( 'On the store’s server (Apache): add “SetEnvIf Authorization \"(.*)\" HTTP_AUTHORIZATION=$1” to .htaccess; with PHP-FPM/CGI: “CGIPassAuth On”.', 'cart-sessions-for-cocart' ) // phpcs:ignore Generic.Files.LineLength -- one translatable sentence.
				);
			}
		}

		// 11. Known CoCart bugs (docs/cocart-api.md#versions).
		$this->version( $version, $documented );

		// 12. Loopback.
		$this->loopback( $loopback );

		$this->remember_store( $store, $version, $info );
		return $this->report->finish( $this->settings, $version );
	}

	/**
	 * WooCommerce's system status: CoCart's cart counts and its bulk cleanup tool. Returns the CoCart version
	 * (from there when it was not known yet) and the store's money settings.
	 *
	 * @return array{0:string|null,1:array<string,mixed>}
	 */
	private function system_status( ?string $version ): array {
		$info   = array();
		$status = $this->client->request( 'GET', 'wc/v3/system_status' );
		if ( $status instanceof Response && is_array( $status->data ) ) {
			$counts = is_array( $status->data['cocart'] ?? null ) ? $status->data['cocart'] : array();
			$info   = array(
				'decimals' => (int) ( $status->data['settings']['number_of_decimals'] ?? 2 ),
				'currency' => (string) ( $status->data['settings']['currency'] ?? '' ),
			);
			if ( null === $version && is_string( $counts['cocart_version'] ?? null ) ) {
				$version = $counts['cocart_version'];
			}
			$tools = $this->client->request( 'GET', 'wc/v3/system_status/tools' );
			$ids   = $tools instanceof Response && is_array( $tools->data )
				? array_column( $tools->data, 'id' )
				: array();
			$bulk  = in_array( 'cocart_cleanup_carts', $ids, true );
			$message = __( 'Readable, but it has no CoCart section (CoCart older than 4.2): counts come from the full list instead.', 'cart-sessions-for-cocart' ); // phpcs:ignore Generic.Files.LineLength -- one translatable sentence.
			if ( array() !== $counts ) {
				$tool    = $bulk
					? __( 'The bulk “Clear expired carts” tool is available.', 'cart-sessions-for-cocart' )
					: __( 'The bulk “Clear expired carts” tool was not found: cleanup deletes carts one by one.', 'cart-sessions-for-cocart' ); // phpcs:ignore Generic.Files.LineLength -- one translatable sentence.
				$message = sprintf(
					/* translators: 1: carts in session, 2: active carts */
					__( 'Readable: %1$s carts in session, %2$s active.', 'cart-sessions-for-cocart' ),
					(string) ( $counts['carts_in_session'] ?? '?' ),
					(string) ( $counts['count_carts_active'] ?? '?' )
				) . ' ' . $tool;
			}
			$this->report->add(
				'system_status',
				array() !== $counts && $bulk ? 'pass' : 'warn',
				$message,
				__( 'Update CoCart on the store to get counts without loading every cart.', 'cart-sessions-for-cocart' ) // phpcs:ignore Generic.Files.LineLength -- one translatable sentence.
			);
		} else {
			$this->report->add(
				'system_status',
				'warn',
				$status instanceof WP_Error ? $status->get_error_message() : '',
				__( 'Counts and the bulk cleanup tool are unavailable; the plugin falls back to the full list.', 'cart-sessions-for-cocart' ) // phpcs:ignore Generic.Files.LineLength -- one translatable sentence.
			);
		}
		return array( $version, $info );
	}

	/**
	 * Caches what the doctor learned about the store (version, decimals, currency) for the other parts of the plugin.
	 *
	 * @param array<string,mixed> $info
	 */
	private function remember_store( string $store, ?string $version, array $info ): void {
		if ( null !== $version || array() !== $info ) {
			update_option(
				self::STORE_INFO_OPTION,
				array_merge(
					array(
						'store_url'      => $store,
						'cocart_version' => $version,
						'checked_at'     => time(),
					),
					$info
				),
				false
			);
		}
	}

	/**
	 * CoCart on this site, called in-process: no key, no Authorization header and no loopback request to check.
	 * What can go wrong instead: the user CoCart checks (the current one) cannot manage WooCommerce. (When another
	 * plugin replaced WooCommerce's session handler the client goes over HTTP, and the HTTP checks run.)
	 *
	 * @return array{ok:bool,checked_at:string,store_url:string,cocart_version:string|null,key_in_use:array<string,mixed>|null,checks:array<int,array<string,mixed>>}
	 */
	private function run_in_process(): array {
		$this->report->add(
			'in_process',
			'pass',
			__( 'CoCart on this site, called directly — no key needed. Nothing is sent over the network, so API keys and loopback requests do not matter here.', 'cart-sessions-for-cocart' ) // phpcs:ignore Generic.Files.LineLength -- one translatable sentence.
		);
		$refused = ( new InProcess( $this->settings ) )->user_refusal();
		if ( null !== $refused ) {
			$this->report->add( 'acting_user', 'fail', $refused->get_error_message() );
			return $this->report->finish( $this->settings, null );
		}
		$this->report->add(
			'acting_user',
			'pass',
			__( 'CoCart checks the user who asks, who can manage WooCommerce.', 'cart-sessions-for-cocart' )
		);
		$about   = $this->client->request( 'GET', 'cocart/v2/store' );
		$named   = $about instanceof Response && is_string( $about->data['version'] ?? null );
		$version = $named ? $about->data['version'] : null;
		if ( null === $version ) {
			$this->report->add(
				'cocart',
				'warn',
				__( 'CoCart’s store route did not say which version it is.', 'cart-sessions-for-cocart' )
			);
		} else {
			$this->report->add(
				'cocart',
				'pass',
				/* translators: %s: CoCart version */
				sprintf( __( 'CoCart %s is active.', 'cart-sessions-for-cocart' ), $version )
			);
		}
		$this->report->add(
			'sessions_route',
			'pass',
			__( 'CoCart’s session routes are registered on this site.', 'cart-sessions-for-cocart' )
		);
		list( $version, $info ) = $this->system_status( $version );
		$this->version( $version, false );
		$this->remember_store( $this->settings->store_url(), $version, $info );
		return $this->report->finish( $this->settings, $version );
	}

	/**
	 * What the report says about CoCart's version: known bugs, what still works.
	 */
	private function version( ?string $version, bool $documented ): void {
		if ( null === $version ) {
			$this->report->skip( 'version', __( 'The version is not known.', 'cart-sessions-for-cocart' ) );
			return;
		}
		$fix    = null;
		$suffix = '';
		if ( $documented ) {
			$status = 'warn';
			/* translators: %s: version */
			$message = __( 'CoCart %s answers in the documented (not the released) shape; the plugin reads both.', 'cart-sessions-for-cocart' ); // phpcs:ignore Generic.Files.LineLength -- one translatable sentence.
			$fix     = __( 'Nothing to do here. If listing or deleting misbehaves, update CoCart on the store to a released version (4.8.1 or newer).', 'cart-sessions-for-cocart' ); // phpcs:ignore Generic.Files.LineLength -- one translatable sentence.
		} elseif ( KnownBugs::has( KnownBugs::TOO_OLD, $version ) ) {
			$status = 'fail';
			/* translators: %s: version */
			$message = __( 'CoCart %s is too old: its single-session answer has another shape.', 'cart-sessions-for-cocart' ); // phpcs:ignore Generic.Files.LineLength -- one translatable sentence.
			$fix     = __( 'Update CoCart on the store.', 'cart-sessions-for-cocart' );
		} elseif ( KnownBugs::has( KnownBugs::SESSION_NOT_FOUND, $version ) ) {
			$status = 'warn';
			/* translators: %s: version */
			$message = __( 'CoCart %s has a bug: viewing one cart and deleting carts always answer “not found”. The list, counts and the bulk “Clear expired carts” cleanup still work.', 'cart-sessions-for-cocart' ); // phpcs:ignore Generic.Files.LineLength -- one translatable sentence.
			$fix     = __( 'Update CoCart on the store to 4.3.6 or newer.', 'cart-sessions-for-cocart' );
		} elseif ( KnownBugs::has( KnownBugs::ITEMS_CRASH, $version ) ) {
			$status = 'warn';
			/* translators: %s: version */
			$message = __( 'CoCart %s has a bug: viewing a cart that has items crashes on the store (HTTP 500), so item lists and totals are missing for those carts. The list, deleting, counts and cleanup still work.', 'cart-sessions-for-cocart' ); // phpcs:ignore Generic.Files.LineLength -- one translatable sentence.
			if ( KnownBugs::has( KnownBugs::BASIC_AUTH_REFUSED, $version ) ) {
				$suffix = ' ' . __( 'It also refuses keys sent in the Authorization header; the plugin sends them as query parameters.', 'cart-sessions-for-cocart' ); // phpcs:ignore Generic.Files.LineLength -- one translatable sentence.
			}
			$fix = __( 'Update CoCart on the store to 4.8.1 or newer.', 'cart-sessions-for-cocart' );
		} elseif ( KnownBugs::has( KnownBugs::CALLERS_CUSTOMER, $version ) ) {
			// The plugin works around it (names and emails come from the list), so the check passes, but it is named.
			$status = 'pass';
			/* translators: 1: version, 2: version with the fix */
			$message = __( 'CoCart %1$s works with this plugin. Known bug, worked around: one cart’s answer carries the API key owner’s billing details, so names and emails come from the list of carts and addresses are not shown (fixed in CoCart %2$s).', 'cart-sessions-for-cocart' ); // phpcs:ignore Generic.Files.LineLength -- one translatable sentence.
		} else {
			$status = 'pass';
			/* translators: %s: version */
			$message = __( 'CoCart %s has no known Sessions API bugs that affect this plugin.', 'cart-sessions-for-cocart' ); // phpcs:ignore Generic.Files.LineLength -- one translatable sentence.
		}
		$fixed_in = KnownBugs::fixed_in( KnownBugs::CALLERS_CUSTOMER );
		$this->report->add( 'version', $status, sprintf( $message, $version, $fixed_in ) . $suffix, $fix );
	}

	private function loopback( bool $store_is_this_site ): void {
		$started = microtime( true );
		$answer  = wp_remote_get(
			rest_url(),
			array(
				'timeout'     => 10,
				'redirection' => 0,
				// Core's own loopback checks do the same.
				'sslverify'   => apply_filters( 'https_local_ssl_verify', false ),
			)
		);
		$ms      = (int) round( ( microtime( true ) - $started ) * 1000 );
		$code    = is_wp_error( $answer ) ? 0 : (int) wp_remote_retrieve_response_code( $answer );
		if ( 200 === $code ) {
			$this->report->add( 'loopback', 'pass', sprintf(
				/* translators: %d: milliseconds */
				__( 'This site can reach its own REST API (%d ms).', 'cart-sessions-for-cocart' ),
				$ms
			) );
			return;
		}
		$message = is_wp_error( $answer )
			? sprintf(
				/* translators: %s: error */
				__( 'This site cannot reach its own REST API: %s', 'cart-sessions-for-cocart' ),
				$answer->get_error_message()
			)
			: sprintf(
				/* translators: %d: HTTP status */
				__( 'This site’s own REST API answered HTTP %d to a request from itself.', 'cart-sessions-for-cocart' ),
				$code
			);
		$this->report->add(
			'loopback',
			$store_is_this_site ? 'fail' : 'warn',
			$message,
			__( 'Ask your host to allow the server to connect to its own address (loopback requests); Tools → Site Health shows the same problem.', 'cart-sessions-for-cocart' ) // phpcs:ignore Generic.Files.LineLength -- one translatable sentence.
		);
	}

	/**
	 * Whether the store URL is this WordPress site: same scheme, host and port (another port of this host is
	 * another server, and plain HTTP to it does cross a network).
	 */
	public static function is_this_site( string $store ): bool {
		return '' !== $store && Validator::origin( home_url() ) === Validator::origin( $store );
	}


	/**
	 * Why a request failed (Errors' reason), or '' when it did not fail.
	 *
	 * @param mixed $answer A Response, a WP_Error or null.
	 */
	private static function reason( $answer ): string {
		return $answer instanceof WP_Error ? (string) ( $answer->get_error_data()['reason'] ?? '' ) : '';
	}

	/**
	 * The fix part of an error's message (Errors::fix_for()).
	 *
	 * @param mixed $error
	 */
	public static function fix_for( $error ): ?string {
		return Errors::fix_for( $error );
	}

}
