<?php
/**
 * The Sessions table's first paint: when the admin page already holds the first page of carts (preloaded, see
 * Page::preload_first_page()), the same rows are printed as a plain table, so the store manager reads them as
 * soon as the HTML arrives — as WordPress's own list screens show their rows — while the app (React, DataViews:
 * several hundred KB of script) starts. The app's table takes its place in one step when it has rendered
 * (src/components/sessions/SessionsTab.tsx); until then this one is inert (the app's table is the one to use).
 *
 * @package CartSessions
 */

declare(strict_types=1);

namespace CartSessions\Admin;

final class FirstPaint {

	public const ELEMENT_ID = 'cart-sessions-first-paint';

	/**
	 * The table for a GET sessions body (items as Service::public_row() makes them).
	 *
	 * @param array<string,mixed> $body
	 */
	public static function html( array $body ): string {
		// The app's columns, in its order (src/components/sessions/fields.tsx).
		$head = array(
			__( 'Customer', 'cart-sessions-for-cocart' ),
			__( 'Value', 'cart-sessions-for-cocart' ),
			__( 'Items', 'cart-sessions-for-cocart' ),
			__( 'Expires', 'cart-sessions-for-cocart' ),
			__( 'Status', 'cart-sessions-for-cocart' ),
			__( 'Source', 'cart-sessions-for-cocart' ),
			__( 'Created', 'cart-sessions-for-cocart' ),
		);
		$html = '<div id="'
			. esc_attr( self::ELEMENT_ID )
			. '" class="cart-sessions-first-paint" inert><table class="widefat striped"><thead><tr>';
		foreach ( $head as $label ) {
			$html .= '<th scope="col">' . esc_html( $label ) . '</th>';
		}
		$html .= '</tr></thead><tbody>';
		foreach ( (array) ( $body['items'] ?? array() ) as $row ) {
			$html .= '<tr>'
				. '<td>' . self::customer( $row ) . '</td>'
				. '<td>' . esc_html( self::money( $row['total'], $row['currency'] ) ) . '</td>'
				. '<td>' . esc_html( null === $row['item_count'] ? '—' : (string) $row['item_count'] ) . '</td>'
				. '<td>' . self::date( $row['expires'] ) . '</td>'
				. '<td>' . self::status( (string) $row['status'] ) . '</td>'
				. '<td>' . esc_html( self::source( (string) $row['source'] ) ) . '</td>'
				. '<td>' . self::date( $row['created'] ) . '</td>'
				. '</tr>';
		}
		return $html . '</tbody></table></div>';
	}

	/**
	 * Name and email, or "Guest"; the cart key as a second line.
	 *
	 * @param array<string,mixed> $row
	 */
	private static function customer( array $row ): string {
		$name  = (string) ( $row['customer']['name'] ?? '' );
		$email = (string) ( $row['customer']['email'] ?? '' );
		$who   = '' !== $name ? $name : $email;
		$html  = '' === $who
			? '<em>' . esc_html__( 'Guest', 'cart-sessions-for-cocart' ) . '</em>'
			: '<span class="cart-sessions-customer__name">' . esc_html( $who ) . '</span>';
		if ( '' !== $name && '' !== $email ) {
			$html .= '<span class="cart-sessions-customer__email">' . esc_html( $email ) . '</span>';
		}
		$html .= '<code class="cart-sessions-customer__key">' . esc_html( (string) $row['key'] ) . '</code>';
		if ( ! empty( $row['is_key_owner'] ) ) {
			$html .= '<span class="cart-sessions-key__owner">' . esc_html__(
				"API key's own session (not a customer)",
				'cart-sessions-for-cocart'
			) . '</span>';
		}
		return $html;
	}

	/**
	 * @param mixed $total
	 * @param mixed $currency
	 */
	private static function money( $total, $currency ): string {
		if ( null === $total || '' === $total ) {
			return '—';
		}
		return null === $currency ? (string) $total : $total . ' ' . $currency;
	}

	/**
	 * As the app shows dates: "3 hours ago" / "in 2 days" within a day of now, the date beyond; the date and time
	 * in the site's timezone on hover.
	 *
	 * @param mixed $iso
	 */
	private static function date( $iso ): string {
		$time = is_string( $iso ) ? strtotime( $iso ) : false;
		if ( false === $time ) {
			return esc_html__( 'Unknown', 'cart-sessions-for-cocart' );
		}
		$diff = human_time_diff( $time );
		if ( abs( $time - time() ) >= DAY_IN_SECONDS ) {
			$shown = (string) wp_date( (string) get_option( 'date_format' ), $time );
		} elseif ( $time < time() ) {
			/* translators: %s: a time span such as "3 hours" */
			$shown = sprintf( __( '%s ago', 'cart-sessions-for-cocart' ), $diff );
		} else {
			/* translators: %s: a time span such as "3 hours" */
			$shown = sprintf( __( 'in %s', 'cart-sessions-for-cocart' ), $diff );
		}
		$absolute = wp_date( get_option( 'date_format' ) . ' ' . get_option( 'time_format' ), $time );
		return '<span title="' . esc_attr( (string) $absolute ) . '">' . esc_html( $shown ) . '</span>';
	}

	private static function status( string $status ): string {
		$labels = array(
			'active'   => array( '●', __( 'Active', 'cart-sessions-for-cocart' ) ),
			'expiring' => array( '◐', __( 'Expiring', 'cart-sessions-for-cocart' ) ),
			'expired'  => array( '○', __( 'Expired', 'cart-sessions-for-cocart' ) ),
		);
		list( $symbol, $label ) = $labels[ $status ] ?? $labels['expired'];
		return '<span class="cart-sessions-status cart-sessions-status--'
			. esc_attr( $status )
			. '"><span aria-hidden="true">'
			. $symbol
			. ' </span>'
			. esc_html( $label )
			. '</span>';
	}

	private static function source( string $source ): string {
		if ( 'cocart' === $source ) {
			return __( 'Headless (CoCart)', 'cart-sessions-for-cocart' );
		}
		return 'woocommerce' === $source
			? __( 'Storefront', 'cart-sessions-for-cocart' )
			: __( 'Other', 'cart-sessions-for-cocart' );
	}
}
