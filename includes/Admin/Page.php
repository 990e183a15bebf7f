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

final class Page {

	public const SLUG = 'cart-sessions';

	public const SCRIPT_HANDLE = 'cart-sessions-admin';

	/**
	 * What add_submenu_page() returned: the screen's hook suffix, or '' when the user may not see it.
	 *
	 * @var string
	 */
	private $hook_suffix = '';

	public function register(): void {
		// After WooCommerce's own menu (priority 9), so its parent exists.
		add_action( 'admin_menu', array( $this, 'add_menu' ), 60 );
		add_action( 'admin_enqueue_scripts', array( $this, 'enqueue' ) );
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
		return add_query_arg( 'page', self::SLUG, admin_url( 'woocommerce' === self::parent_slug() ? 'admin.php' : 'tools.php' ) );
	}

	public function render(): void {
		if ( ! current_user_can( Capability::NAME ) ) {
			wp_die( esc_html__( 'Sorry, you are not allowed to manage cart sessions.', 'cart-sessions-for-cocart' ), 403 );
		}
		echo '<div class="wrap">';
		echo '<h1>' . esc_html__( 'Cart Sessions', 'cart-sessions-for-cocart' ) . '</h1>';
		if ( null === self::asset() ) {
			printf(
				'<div class="notice notice-error inline"><p>%s</p></div>',
				esc_html__( 'The JavaScript app is not built. Run `npm install && npm run build` in the plugin folder, or install the release zip.', 'cart-sessions-for-cocart' )
			);
		} else {
			echo '<div id="cart-sessions-root"></div>';
		}
		echo '</div>';
	}

	/**
	 * Loads the built app on this screen only.
	 *
	 * @param string $hook_suffix The current admin screen.
	 */
	public function enqueue( $hook_suffix ): void {
		$asset = self::asset();
		if ( '' === $this->hook_suffix || $hook_suffix !== $this->hook_suffix || null === $asset ) {
			return;
		}
		wp_enqueue_script(
			self::SCRIPT_HANDLE,
			plugins_url( 'build/index.js', CART_SESSIONS_FILE ),
			$asset['dependencies'],
			$asset['version'],
			true
		);
		wp_set_script_translations( self::SCRIPT_HANDLE, I18n::DOMAIN, I18n::languages_dir() );
		I18n::add_chunk_translations( self::SCRIPT_HANDLE, $asset['version'] );
		wp_add_inline_script(
			self::SCRIPT_HANDLE,
			'window.cartSessionsConfig = ' . wp_json_encode( $this->client_config() ) . ';',
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
	 * What the app needs to know at start. Never credentials: this is printed into the page.
	 *
	 * @return array<string,mixed>
	 */
	private function client_config(): array {
		return array(
			'version'           => CART_SESSIONS_VERSION,
			'restNamespace'     => 'cart-sessions/v1',
			'pageUrl'           => self::url(),
			'restRoot'          => esc_url_raw( rest_url() ),
			'woocommerceActive' => Environment::is_woocommerce_active(),
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
