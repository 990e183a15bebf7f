<?php
/**
 * Translations for PHP and for the app's scripts, text domain cart-sessions-for-cocart.
 *
 * PHP: WordPress loads a plugin's translations from wp-content/languages/plugins/ by itself (language packs from
 * translate.wordpress.org); load_plugin_textdomain() adds the zip's own languages/ folder for sites that install
 * the zip by hand.
 *
 * Scripts: wp_set_script_translations() (Admin\Page) covers build/index.js only. The Sessions tab is a chunk
 * webpack loads later (build/sessions.js); WordPress never sees it as a script, so its strings would stay English.
 * Its translation file (same naming: <domain>-<locale>-<md5 of "build/sessions.js">.json) is read here and handed
 * to wp.i18n before the app starts, the same way WordPress does it for an enqueued script.
 *
 * @package CartSessions
 */

declare(strict_types=1);

namespace CartSessions;

final class I18n {

	public const DOMAIN = 'cart-sessions-for-cocart';

	public function register(): void {
		add_action( 'init', array( $this, 'load_textdomain' ) );
	}

	public function load_textdomain(): void {
		load_plugin_textdomain( self::DOMAIN, false, dirname( plugin_basename( CART_SESSIONS_FILE ) ) . '/languages' );
	}

	/**
	 * The folder the zip ships translations in.
	 */
	public static function languages_dir(): string {
		return CART_SESSIONS_DIR . '/languages';
	}

	/**
	 * Makes the translations of every lazily loaded chunk in build/ available to $handle's script: for each chunk
	 * that has a translation file for the current locale, an inline wp.i18n.setLocaleData() before $handle.
	 *
	 * @param string $handle  The enqueued entry script (it depends on wp-i18n).
	 * @param string $version Cache-busting version for the chunk's registration.
	 */
	public static function add_chunk_translations( string $handle, string $version ): void {
		foreach ( glob( CART_SESSIONS_DIR . '/build/*.js' ) ?: array() as $file ) {
			$name = basename( $file, '.js' );
			if ( 'index' === $name ) {
				continue; // The entry itself: wp_set_script_translations() does it.
			}
			// Registered (never enqueued) only so load_script_textdomain() can work out the file's relative path.
			$chunk = $handle . '-chunk-' . sanitize_key( $name );
			$src   = plugins_url( 'build/' . basename( $file ), CART_SESSIONS_FILE );
			wp_register_script( $chunk, $src, array(), $version, true );
			$json = load_script_textdomain( $chunk, self::DOMAIN, self::languages_dir() );
			if ( is_string( $json ) && '' !== $json ) {
				wp_add_inline_script(
					$handle,
					sprintf(
						'( function ( domain, translations ) { '
						. 'var data = translations.locale_data[ domain ] || translations.locale_data.messages; '
						. 'data[ "" ].domain = domain; wp.i18n.setLocaleData( data, domain ); } )( %s, %s );',
						wp_json_encode( self::DOMAIN ),
						$json
					),
					'before'
				);
			}
		}
	}
}
