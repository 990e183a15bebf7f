<?php
/**
 * The admin screen: WooCommerce → Cart Sessions (Tools → Cart Sessions without WooCommerce). Loads the React app
 * from build/ on this screen only.
 *
 * @package CartSessions
 */

declare(strict_types=1);

namespace CartSessions\Admin;

use CartSessions\Capability;
use CartSessions\Environment;
use CartSessions\I18n;
use CartSessions\Rest\Permission;
use CartSessions\Sessions\Service;
use WP_Error;

final class Page {

	public const SLUG = 'cart-sessions';

	public const SCRIPT_HANDLE = 'cart-sessions-admin';

	/**
	 * The Sessions tab's first request in its default view, the live carts (preloaded into the page when it is
	 * cached). The app asks for exactly this (src/components/sessions/view.ts: DEFAULT_VIEW).
	 */
	public const FIRST_PAGE = array(
		'page'     => 1,
		'per_page' => 20,
		'status'   => 'active,expiring',
		'orderby'  => 'expires',
		'order'    => 'desc',
		'details'  => 'cached',
	);

	/**
	 * What add_submenu_page() returned: the screen's hook suffix, or '' when the user may not see it.
	 *
	 * @var string
	 */
	private $hook_suffix = '';

	/**
	 * The first page of sessions, when it was preloaded into the page (printed as the table's first paint too):
	 * the REST path it answers, as the app asks for it, and the route's answer.
	 *
	 * @var array{path:string,body:array<string,mixed>}|null
	 */
	private $first_page = null;

	/**
	 * Script handles whose downloads the page's head starts (load_sessions_chunk_now()).
	 *
	 * @var string[]
	 */
	private $head_preloads = array();

	public function register(): void {
		// After WooCommerce's own menu (priority 9), so its parent exists.
		add_action( 'admin_menu', array( $this, 'add_menu' ), 60 );
		add_action( 'admin_enqueue_scripts', array( $this, 'enqueue' ) );
		add_action( 'admin_head', array( $this, 'print_preloads' ) );
	}

	public function add_menu(): void {
		$title  = __( 'Cart Sessions', 'cart-sessions-for-cocart' );
		$parent = self::parent_slug();
		$hook   = add_submenu_page( $parent, $title, $title, Capability::NAME, self::SLUG, array( $this, 'render' ) );
		$this->hook_suffix = is_string( $hook ) ? $hook : '';
	}

	/**
	 * The menu the page lives under.
	 */
	public static function parent_slug(): string {
		return Environment::is_woocommerce_active() ? 'woocommerce' : 'tools.php';
	}

	/**
	 * The page's URL in wp-admin.
	 */
	public static function url(): string {
		return add_query_arg(
			'page',
			self::SLUG,
			admin_url( 'woocommerce' === self::parent_slug() ? 'admin.php' : 'tools.php' )
		);
	}

	public function render(): void {
		if ( ! current_user_can( Capability::NAME ) ) {
			wp_die(
				esc_html__( 'Sorry, you are not allowed to manage cart sessions.', 'cart-sessions-for-cocart' ),
				403
			);
		}
		echo '<div class="wrap">';
		echo '<h1>' . esc_html__( 'Cart Sessions', 'cart-sessions-for-cocart' ) . '</h1>';
		if ( null === self::asset() ) {
			printf(
				'<div class="notice notice-error inline"><p>%s</p></div>',
				esc_html__(
					'The JavaScript app is not built. Run `npm install && npm run build` in the plugin folder, or install the release zip.', // phpcs:ignore Generic.Files.LineLength -- one translatable string.
					'cart-sessions-for-cocart'
				)
			);
		} else {
			echo '<div id="cart-sessions-root"></div>';
			if ( null !== $this->first_page ) {
				// phpcs:ignore WordPress.Security.EscapeOutput.OutputNotEscaped -- escaped where it is built.
				echo FirstPaint::html( $this->first_page['body'] );
			}
		}
		echo '</div>';
	}

	/**
	 * Loads the built app on this screen only.
	 *
	 * @param string $hook_suffix The current admin screen.
	 */
	public function enqueue( $hook_suffix ): void {
		$asset               = self::asset();
		$this->head_preloads = array();
		if ( '' === $this->hook_suffix || $hook_suffix !== $this->hook_suffix || null === $asset ) {
			return;
		}
		wp_enqueue_script(
			self::SCRIPT_HANDLE,
			plugins_url( 'build/index.js', CART_SESSIONS_FILE ),
			array_merge( $asset['dependencies'], $this->load_sessions_chunk_now( $asset['version'] ) ),
			$asset['version'],
			true
		);
		wp_set_script_translations( self::SCRIPT_HANDLE, I18n::DOMAIN, I18n::languages_dir() );
		I18n::add_chunk_translations( self::SCRIPT_HANDLE, $asset['version'] );
		$this->preload_first_page();
		wp_add_inline_script(
			self::SCRIPT_HANDLE,
			'window.cartSessionsConfig = ' . self::inline_json( $this->client_config() ) . ';',
			'before'
		);
		// wp-components: the app is built from core's components, so it needs their stylesheet.
		wp_enqueue_style( 'wp-components' );
		foreach ( array( 'index.css', 'style-index.css' ) as $stylesheet ) {
			if ( is_file( CART_SESSIONS_DIR . '/build/' . $stylesheet ) ) {
				wp_enqueue_style(
					self::SCRIPT_HANDLE . '-' . basename( $stylesheet, '.css' ),
					plugins_url( 'build/' . $stylesheet, CART_SESSIONS_FILE ),
					array( 'wp-components' ),
					$asset['version']
				);
			}
		}
	}

	/**
	 * When the page opens on the Sessions tab, its lazy chunk (DataViews and the table: build/sessions.js and its
	 * stylesheets) is loaded by the page itself, in parallel with everything else, instead of being asked for by
	 * the app once it runs. The chunk runs before the app (it only registers its modules with webpack), so
	 * webpack's loader finds it installed and the stylesheets present (same URLs as it would use: no ?ver), and
	 * nothing is fetched twice. Other tabs never load it. Both scripts sit at the page's end (after the
	 * first-paint table, which they must not hold up), so the page's head asks the browser to start their
	 * downloads at once (<link rel="preload">): the chunk is DataViews, ~400 KB compressed.
	 *
	 * @return string[] The script handle the app must come after, if any.
	 */
	private function load_sessions_chunk_now( string $version ): array {
		// phpcs:ignore WordPress.Security.NonceVerification.Recommended -- which tab is open, nothing else.
		if ( 'sessions' !== ( $_GET['tab'] ?? '' ) || ! is_file( CART_SESSIONS_DIR . '/build/sessions.js' ) ) {
			return array();
		}
		wp_register_script(
			self::SCRIPT_HANDLE . '-sessions',
			plugins_url( 'build/sessions.js', CART_SESSIONS_FILE ),
			array(),
			$version,
			true
		);
		foreach ( array( 'style-sessions.css', 'sessions.css' ) as $stylesheet ) {
			if ( is_file( CART_SESSIONS_DIR . '/build/' . $stylesheet ) ) {
				// phpcs:ignore WordPress.WP.EnqueuedResourceParameters.MissingVersion -- webpack's own URL for it has none.
				wp_enqueue_style(
					self::SCRIPT_HANDLE . '-' . basename( $stylesheet, '.css' ),
					plugins_url( 'build/' . $stylesheet, CART_SESSIONS_FILE ),
					array( 'wp-components' ),
					null
				);
			}
		}
		$this->head_preloads = array( self::SCRIPT_HANDLE . '-sessions', self::SCRIPT_HANDLE );
		return array( self::SCRIPT_HANDLE . '-sessions' );
	}

	/**
	 * admin_head: <link rel="preload"> for the scripts load_sessions_chunk_now() chose, at the URLs WordPress
	 * prints them with (WP_Scripts::do_item()): any other URL would be a second download.
	 */
	public function print_preloads(): void {
		foreach ( $this->head_preloads as $handle ) {
			$script = wp_scripts()->registered[ $handle ] ?? null;
			if ( null === $script ) {
				continue;
			}
			$src = $script->ver ? add_query_arg( 'ver', $script->ver, $script->src ) : $script->src;
			printf(
				'<link rel="preload" href="%s" as="script" />' . "\n",
				esc_url( (string) apply_filters( 'script_loader_src', $src, $handle ) )
			);
		}
	}

	/**
	 * The Sessions tab's first request, answered into the page (as the block editor preloads its REST data, here
	 * in the app's start-up data: client_config()), so the table needs no round trip: only for the default view,
	 * and only when the list is cached and fresh — rendering the page never waits on the store.
	 */
	private function preload_first_page(): void {
		// phpcs:disable WordPress.Security.NonceVerification.Recommended -- reading which view is open, nothing else.
		if ( 'sessions' !== ( $_GET['tab'] ?? '' ) ) {
			return;
		}
		$view_params = array(
			'paged',
			'per_page',
			's',
			'status',
			'status_not',
			'source',
			'has_items',
			'has_email',
			'expires_within',
			'product',
			'orderby',
			'order',
		);
		foreach ( $view_params as $param ) {
			if ( isset( $_GET[ $param ] ) ) {
				return; // Not the default view: the app asks for it itself.
			}
		}
		// phpcs:enable WordPress.Security.NonceVerification.Recommended
		if ( ! ( new Service() )->answers_from_cache() ) {
			return;
		}
		// The same path the app requests (src/components/sessions/SessionsTab.tsx, view.ts's default view).
		$path  = '/' . Permission::NAMESPACE . '/sessions?' . http_build_query( self::FIRST_PAGE );
		$block = static function () {
			return new WP_Error(
				'cart_sessions_preload',
				__( 'No store request while the admin page renders.', 'cart-sessions-for-cocart' )
			);
		};
		add_filter( 'pre_http_request', $block );
		try {
			$preloaded = rest_preload_api_request( array(), $path );
		} finally {
			remove_filter( 'pre_http_request', $block );
		}
		if ( ! isset( $preloaded[ $path ]['body']['items'] ) ) {
			return;
		}
		$this->first_page = array(
			'path' => $path,
			'body' => $preloaded[ $path ]['body'],
		);
	}

	/**
	 * JSON for a <script> in the page: < > & as \u escapes, so data (a customer's name from the store, a URL)
	 * can never close the script or open an HTML comment in it.
	 *
	 * @param mixed $value
	 */
	public static function inline_json( $value ): string {
		return (string) wp_json_encode( $value, JSON_HEX_TAG | JSON_HEX_AMP );
	}

	/**
	 * What the app needs to know at start. Never credentials: this is printed into the page.
	 *
	 * @return array<string,mixed>
	 */
	private function client_config(): array {
		return array(
			'pageUrl'   => self::url(),
			'restRoot'  => esc_url_raw( rest_url() ),
			// In the app's start-up data rather than apiFetch's preloading middleware: the app reads it before its
			// first render (src/api/sessions.ts: takePreloadedList()), so the table renders once, with its rows.
			'firstPage' => $this->first_page,
		);
	}

	/**
	 * build/index.asset.php (dependencies and version from wp-scripts), or null when the app is not built.
	 *
	 * @return array{dependencies: string[], version: string}|null
	 */
	public static function asset(): ?array {
		$file = CART_SESSIONS_DIR . '/build/index.asset.php';
		if ( ! is_file( $file ) ) {
			return null;
		}
		$asset = require $file;
		return array(
			'dependencies' => isset( $asset['dependencies'] ) ? (array) $asset['dependencies'] : array(),
			'version'      => isset( $asset['version'] ) ? (string) $asset['version'] : CART_SESSIONS_VERSION,
		);
	}
}
